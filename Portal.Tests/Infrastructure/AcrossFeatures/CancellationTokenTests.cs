using System.Reflection;
using System.Runtime.CompilerServices;
using Portal.Infrastructure;

namespace Portal.Tests.Infrastructure.AcrossFeatures;

/// <summary>
/// Every public async method of Infrastructure takes a <see cref="CancellationToken"/>, so a closed page or a stopping
/// host can stop the work it started; the exceptions are signatures we do not own.
/// </summary>
public sealed class CancellationTokenTests
{
    /// <summary>Type.Method, with why it cannot take a token.</summary>
    private static readonly Dictionary<string, string> Allowed = new()
    {
        ["IdentitySession.DisposeAsync"] = "IAsyncDisposable has no token",
        ["DataReaderStoredFaceRows.DisposeAsync"] = "IAsyncDisposable has no token",
        ["SqliteStoredFaceRows.DisposeAsync"] = "IAsyncDisposable has no token",
        ["Notifier`1.PublishAsync"] = "publishes a committed change: every open page must hear of it, so nothing stops it",
        ["AuditingSignInManager.PasswordSignInAsync"] = "overrides SignInManager, which has no token",
        ["AuditingSignInManager.TwoFactorAuthenticatorSignInAsync"] = "overrides SignInManager, which has no token",
        ["AuditingSignInManager.TwoFactorRecoveryCodeSignInAsync"] = "overrides SignInManager, which has no token",
        ["AuditingSignInManager.PasskeySignInAsync"] = "overrides SignInManager, which has no token",
        ["AuditingSignInManager.ExternalLoginSignInAsync"] = "overrides SignInManager, which has no token",
    };

    /// <summary>
    /// Converted on another branch of issue 14 at the same time (with their tokens); emptied when the branches merge.
    /// </summary>

    [Fact]
    public void EveryPublicAsyncMethodOfInfrastructureTakesACancellationToken()
    {
        var missing = AsyncMethods()
            .Where(method => !method.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
            .Select(Name)
            .Where(name => !Allowed.ContainsKey(name))
            .Order()
            .ToList();

        Assert.True(missing.Count == 0, "Without a CancellationToken: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryAllowedExceptionStillExistsAndStillLacksAToken()
    {
        // An exception that no longer applies would let the next method without a token through unnoticed.
        var withoutToken = AsyncMethods()
            .Where(method => !method.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
            .Select(Name)
            .ToHashSet();

        Assert.All(Allowed.Keys, name => Assert.Contains(name, withoutToken));
    }

    private static IEnumerable<MethodInfo> AsyncMethods() =>
        typeof(DependencyInjection).Assembly.GetTypes()
            .Where(type => (type.IsClass || type.IsInterface) && !type.IsSubclassOf(typeof(Delegate)) && !type.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Where(type => type.IsPublic || type.IsNestedPublic || type.IsNotPublic || type.IsNestedAssembly)
            .Where(type => type.Namespace?.Contains(".Migrations", StringComparison.Ordinal) != true)
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(method => !method.IsSpecialName && IsAwaitable(method.ReturnType));

    private static bool IsAwaitable(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)));

    private static string Name(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";
}
