using System.Security.Cryptography;

namespace Portal.Infrastructure.Seeding;

internal static class PasswordGenerator
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>A random password of 20 characters from an alphabet without look-alike characters.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 20);
}
