using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The certificate's JSON over HTTP: an attachment named after the certificate, never cached, audited with ids only; another
/// organisation's admin gets "not found" and a member who is not an admin is refused, neither getting a byte of it.
/// </summary>
public sealed class CertificateDownloadTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private Guid _record;

    public async Task InitializeAsync()
    {
        var services = _factory.Services;
        var staff = await ReviewScenario.ActorAsync(services, TestAccounts.ThornStaff);
        var seeded = await ReviewScenario.SearchedCaseAsync(services, staff, "CERT-HTTP", 2);
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var record = services.GetRequiredService<BiometricEraser>().Stage(db, new ErasureRecord
        {
            Cause = ErasureCause.Schedule, CauseReference = "ProbePhotos", OrganisationId = staff.OrganisationId!.Value, Scope = ErasureScope.Case,
            ScopeId = seeded.CaseId, RequestedAt = DateTimeOffset.UtcNow, RequestedBy = ErasureAudit.Actor,
        });
        await db.SaveChangesAsync();
        _record = record.Id;
        // A case's probe faces are in no index, so the erasure completes on its first run (the queue may run it too: harmless).
        Assert.NotNull((await services.GetRequiredService<BiometricEraser>().RunAsync(_record)).CompletedAt);
    }

    [Fact]
    public async Task TheOrganisationsAdminDownloadsTheJsonAsAnAttachmentAndTheDownloadIsAudited()
    {
        using var client = _factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var response = await client.GetAsync($"/certificates/{_record}/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"deletion-certificate-{_record}.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(_record, json.RootElement.GetProperty("id").GetGuid());
        Assert.Equal(2, json.RootElement.GetProperty("counts").GetProperty("candidates").GetInt32());
        var staffId = (await ReviewScenario.ActorAsync(_factory.Services, TestAccounts.ThornStaff)).UserId;
        var entry = Assert.Single(await EntriesAsync(AuditActions.CertificateDownloaded));
        Assert.Equal($"user:{staffId}", entry.Actor);
        Assert.DoesNotContain("@", entry.Details, StringComparison.Ordinal);
        Assert.Contains(json.RootElement.GetProperty("digest").GetString()!, entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherOrganisationsAdminGetsNotFoundAndAReviewerIsRefused()
    {
        using var icmec = _factory.CreateBrowserLikeClient();
        await icmec.SignInAsync(TestAccounts.IcmecStaff, TestAccounts.DemoPassword);
        using var reviewer = _factory.CreateBrowserLikeClient();
        await reviewer.SignInAsync(TestAccounts.ThornReviewer, TestAccounts.DemoPassword);

        var other = await icmec.GetAsync($"/certificates/{_record}/json");
        var refused = await reviewer.GetAsync($"/certificates/{_record}/json");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
                    || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("not-authorised", StringComparison.Ordinal)),
            $"the reviewer got {refused.StatusCode}");
        Assert.DoesNotContain(_record.ToString(), await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await EntriesAsync(AuditActions.CertificateDownloaded));
        Assert.Single(await EntriesAsync(AuditActions.CertificateRefused));
    }

    private async Task<List<AuditEntry>> EntriesAsync(string action)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action && e.Target == $"erasure:{_record}").ToListAsync();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
