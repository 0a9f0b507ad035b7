using Microsoft.AspNetCore.Identity;
using Portal.Infrastructure.Identity;

namespace Portal.Tests.Support;

/// <summary>The real password hasher, counting its calls: proves a code path pays for hashing without timing it.</summary>
public sealed class CountingPasswordHasher : IPasswordHasher<ApplicationUser>
{
    private readonly PasswordHasher<ApplicationUser> _inner = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public string HashPassword(ApplicationUser user, string password)
    {
        Interlocked.Increment(ref _calls);
        return _inner.HashPassword(user, password);
    }

    public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _calls);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
