using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Turns what callers pass to the audit log into what the chain may hold (ADR 0010): an actor name that belongs to an
/// account becomes <c>user:&lt;id&gt;</c> (its display details go to <see cref="AuditActor"/>, outside the chain, in
/// the same transaction), a name the code chose ("system", "anonymous") stays, and any other e-mail address, in the
/// actor or the details, becomes a keyed hash. One place, so the call sites keep passing what they always passed.
/// </summary>
public sealed partial class AuditActorMapping(AuditPseudonyms pseudonyms)
{
    /// <summary>The actor key to record, after upserting the account's display details into <paramref name="db"/>.</summary>
    public async Task<string> ActorAsync(PortalDbContext db, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        name = name.Trim();
        // Only the exact forms this class produces pass through: an applicant's address such as "user:x@example.org"
        // must not reach the chain as it is.
        if (CodeName().IsMatch(name) || MappedKey().IsMatch(name))
            return name;
        if (await UserKeyAsync(db, name, now, cancellationToken) is { } key)
            return key;
        return pseudonyms.Sent(name);
    }

    /// <summary><paramref name="details"/> with every e-mail address replaced by its account key or, failing that, its keyed hash.</summary>
    public async Task<string> DetailsAsync(PortalDbContext db, string details, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var matches = EmailPattern().Matches(details);
        if (matches.Count == 0)
            return details;
        var replacements = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in matches.Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase))
            replacements[email] = await UserKeyAsync(db, email, now, cancellationToken) ?? pseudonyms.Email(email);
        return EmailPattern().Replace(details, m => replacements[m.Value]);
    }

    private static async Task<string?> UserKeyAsync(PortalDbContext db, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalised = name.ToUpperInvariant();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalised || u.NormalizedEmail == normalised)
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
            return null;
        var key = $"user:{user.Id}";
        var known = db.AuditActors.Local.FirstOrDefault(a => a.Key == key)
                    ?? await db.AuditActors.FirstOrDefaultAsync(a => a.Key == key, cancellationToken);
        if (known is null)
            db.AuditActors.Add(new AuditActor { Key = key, DisplayName = user.DisplayName, Email = user.Email, FirstSeen = now, LastSeen = now });
        else
        {
            known.LastSeen = now;
            // Erased details stay erased: the account-erasure step decided they must go.
            if (known.ErasedAt is null)
                (known.DisplayName, known.Email) = (user.DisplayName, user.Email);
        }
        return key;
    }

    /// <summary>
    /// What entries written before ADR 0010 carried besides e-mails: client addresses ("from 203.0.113.7") become keyed
    /// hashes, and the quoted file names and case references of photo and case entries are withheld.
    /// </summary>
    public string WithoutLegacyPersonalText(string action, string details)
    {
        details = LegacyAddress().Replace(details, m => "from " + pseudonyms.Address(m.Groups[1].Value));
        if (action is AuditActions.ImageUploaded or AuditActions.ImageDeleted or AuditActions.UploadRejected or AuditActions.CaseSubmitted)
            details = LegacyPhotoList().Replace(LegacyQuoted().Replace(details, "\"(withheld)\""), "(withheld)");
        return details;
    }

    [GeneratedRegex("^(user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|email:[0-9a-f]{16})$")]
    private static partial Regex MappedKey();

    [GeneratedRegex(@"from ((?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+)")]
    private static partial Regex LegacyAddress();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex LegacyQuoted();

    /// <summary>A case's probe list: "(photo.jpg sha256 0123…, …)".</summary>
    [GeneratedRegex(@"\([^()]*sha256[^()]*\)")]
    private static partial Regex LegacyPhotoList();

    /// <summary>Names chosen by code, never by a person: "system", "anonymous", "scheduler".</summary>
    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex CodeName();

    [GeneratedRegex(@"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}
