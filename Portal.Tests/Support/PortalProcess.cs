using System.Diagnostics;
using System.Text;

namespace Portal.Tests.Support;

/// <summary>
/// The real portal binary (Portal.Web.dll from the test bin folder) as a process of its own, configured as an
/// operator would: settings through environment variables (<c>Portal__DataDirectory</c>), switches on the command line.
/// </summary>
public sealed class PortalProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process) => _process = process;

    public static PortalProcess Start(IDictionary<string, string?> settings, params string[] arguments)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory, // the content root: appsettings.json and models/ are here
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var portal = new PortalProcess(Process.Start(start)!);
        portal._process.OutputDataReceived += (_, line) => portal.Append(line.Data);
        portal._process.ErrorDataReceived += (_, line) => portal.Append(line.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        return portal;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything it wrote so far, standard output and error interleaved.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
                Assert.Fail($"The portal process exited ({_process.ExitCode}) before writing \"{text}\":\n{Output}");
            Assert.True(clock.Elapsed < timeout, $"The portal process did not write \"{text}\" within {timeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, as systemd, Docker or Kubernetes stop a process (there is no managed API to send it).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL, as a crash or the OOM killer ends a process: no shutdown code runs, leases are left to expire.</summary>
    public async Task KillAsync()
    {
        await SignalAsync("-KILL");
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the process is frozen where it is, so a test can look at what it holds before it decides to kill it.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a frozen process runs on.</summary>
    public Task ThawAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The exit code, or a failure naming what it wrote if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The portal process was still running after {timeout}:\n{Output}");
        }
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is not null)
            lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
