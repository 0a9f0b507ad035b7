using Portal.Infrastructure.Users;

namespace Portal.Web.Hosting;

/// <summary>
/// <c>admin grant [--existing] &lt;e-mail&gt;</c>: the operator, on the server, makes a vetted platform admin
/// (docs/adr-0012-independent-admins.md). Without <c>--existing</c> it always creates a new account; with it, it resets an
/// existing account (password, second factors, external logins, sessions) and makes that one vetted. Either way it prints
/// the new password once. Exits 0 when the admin was made, 1 when refused (with the reason), 2 on a wrong command line.
/// </summary>
internal static class AdminCommand
{
    private const string Usage = "Usage: admin grant [--existing] <e-mail> [--Portal:... settings]";
    private const string Existing = "--existing";

    public static async Task<bool> RunIfRequestedAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "admin")
            return false;
        Environment.ExitCode = await RunAsync(args, Console.Out, Console.Error);
        return true;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var existing = args.Length >= 3 && args[2] == Existing;
        var at = existing ? 3 : 2;
        var email = args.Length > at && args[1] == "grant" && !args[at].StartsWith("--", StringComparison.Ordinal) ? args[at] : null;
        if (email is null)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        using var host = CommandHost.Build(args.Skip(at + 1).ToArray());
        Portal.Domain.Common.Outcome<OperatorGrantResult> granted;
        try
        {
            granted = await host.Services.GetRequiredService<OperatorAdminGrants>().GrantAsync(email, existing);
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // Most often a database the portal has never started on (no tables yet): the portal migrates it at its first start.
            await error.WriteLineAsync($"The database could not be used ({exception.Message}). Start the portal once first, with the same settings.");
            return 1;
        }
        if (!granted.Succeeded)
        {
            await error.WriteLineAsync($"Refused: {granted.Error}");
            return 1;
        }
        await output.WriteLineAsync($"{email.Trim()} is now a vetted platform admin: it can propose and confirm two-person steps.");
        if (existing)
            await output.WriteLineAsync("Its old password, authenticator, recovery codes and external logins no longer work, and its sessions end.");
        await output.WriteLineAsync($"Its password, shown once: {granted.Value!.Password}  (hand it over in person; sign in, change it, enrol an authenticator)");
        return 0;
    }
}
