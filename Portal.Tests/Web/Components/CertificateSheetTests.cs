using Bunit;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Lifecycle.Certificates;
using Portal.Tests.Support;
using Portal.Web.Components.Certificates;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The printed certificate says what the JSON says: counts, the kept candidates, the replicas, the audit sequence numbers,
/// every hashed id with what it is, and the same digest; a cause or scope added later still shows, through its label.
/// </summary>
public sealed class CertificateSheetTests : PortalComponentTest
{
    private static readonly DateTimeOffset Completed = new(2026, 12, 31, 3, 0, 5, TimeSpan.Zero);

    [Fact]
    public void ShowsTheCountsTheReplicasTheAuditSequencesTheHashedIdsAndTheDigestOfTheJson()
    {
        var certificate = Certificate(ErasureCause.Schedule, "ProbePhotos", ErasureScope.Case, changePosition: 0);

        var sheet = Render<CertificateSheet>(p => p.Add(c => c.Certificate, certificate));

        Assert.Equal("1 photo, 0 indexed faces, 1 face crop, 1 probe", sheet.Find("[data-testid=certificate-counts]").TextContent.Trim());
        Assert.Contains("Retention schedule: the rule for probe photos of closed cases", sheet.Find("[data-testid=certificate-cause]").TextContent);
        Assert.Contains("probe faces are never indexed", sheet.Find("[data-testid=certificate-replicas]").TextContent);
        Assert.Contains("#41, #42", sheet.Find("[data-testid=certificate-audit]").TextContent);
        Assert.Equal(["0123456789abcdef", "fedcba9876543210"], sheet.FindAll("[data-testid=certificate-hashes] li").Select(li => li.TextContent.Trim()));
        Assert.Contains("reveals no id", sheet.Markup);
        Assert.Equal(CertificateJson.Digest(certificate), sheet.Find("[data-testid=certificate-digest]").TextContent.Trim());
        Assert.Contains("31 December 2026, 03:00:05 UTC", sheet.Find("[data-testid=certificate-completed]").TextContent);
    }

    [Fact]
    public void AReplicaPositionIsNamedWhenFacesLeftTheSearchIndex()
    {
        var sheet = Render<CertificateSheet>(p => p.Add(c => c.Certificate, Certificate(ErasureCause.Trash, "trash", ErasureScope.Gallery, changePosition: 77)));

        Assert.Contains("Every live search index replica applied the removal (face change 77)", sheet.Find("[data-testid=certificate-replicas]").TextContent);
        Assert.Contains("Trash emptied: its time in the trash ended", sheet.Find("[data-testid=certificate-cause]").TextContent);
    }

    [Fact]
    public void ACauseOrScopeAddedLaterShowsThroughItsLabel()
    {
        var sheet = Render<CertificateSheet>(p => p.Add(c => c.Certificate, Certificate((ErasureCause)40, "REQ-7", (ErasureScope)41, changePosition: 3)));

        Assert.Contains("40 (REQ-7)", sheet.Find("[data-testid=certificate-cause]").TextContent);
        Assert.StartsWith("41", sheet.Find("[data-testid=certificate-scope]").TextContent.Trim());
    }

    private static DeletionCertificate Certificate(ErasureCause cause, string reference, ErasureScope scope, long changePosition) => new(
        Guid.Parse("6f1f4c1e-0d59-4d4b-9d0e-5e0cbd4a8a11"), Guid.Parse("0b8f8d3e-3c9b-4b1a-a2a4-2f6f1e3c9d10"), "Thorn", cause, reference, scope,
        Guid.Parse("9c4a2b7d-1e6f-4f3a-8b5c-7d2e1a0f9b33"), Completed.AddDays(-1), "system", CertificateReader.Schedule, Completed,
        new ErasureCounts(1, 0, 1, 1, 2), ["0123456789abcdef", "fedcba9876543210"], changePosition, Completed, [41, 42]);
}
