using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Lifecycle.Certificates;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>
/// The deletion certificate of a completed erasure: its counts, hashed ids and audit sequences are the record's, its digest
/// is the SHA-256 of its JSON without the digest and stays the same however often it is read; an erasure under way has
/// none; only platform admins and the organisation's own admins see it, and every download (and refusal) is audited.
/// </summary>
public sealed class DeletionCertificateTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero));
    private QueueTestBed _bed = null!;
    private Actor _thornAdmin = null!;

    private DeletionCertificates Certificates => _bed.Host.Get<DeletionCertificates>();

    public async Task InitializeAsync()
    {
        _bed = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_clock));
        _thornAdmin = await _bed.ThornStaffAsync();
    }

    [Fact]
    public async Task ACompletedCaseErasureHasACertificateWithItsCountsHashedIdsAndAuditSequences()
    {
        var (caseId, record) = await ErasedCaseAsync("CERT-1");

        var state = (await Certificates.ReadAsync(_thornAdmin, record.Id)).Value!;

        var certificate = Assert.IsType<DeletionCertificate>(state.Certificate);
        Assert.Equal((ErasureScope.Case, caseId, ErasureCause.Schedule, "ProbePhotos"), (certificate.Scope, certificate.ScopeId, certificate.Cause, certificate.CauseReference));
        Assert.Equal(new ErasureCounts(1, 0, 1, 1, 2), certificate.Counts);
        Assert.Equal(JsonSerializer.Deserialize<List<string>>(record.HashedIds), certificate.HashedIds);
        Assert.Equal(2, certificate.HashedIds.Count); // the probe and its face
        Assert.Equal(JsonSerializer.Deserialize<List<long>>(record.AuditSequences), certificate.AuditSequences);
        Assert.Equal(2, certificate.AuditSequences.Count);
        Assert.Equal(("Thorn", "system", CertificateReader.Schedule), (certificate.OrganisationName, certificate.RequestedByKey, certificate.RequestedByName));
        Assert.Equal(record.CompletedAt, certificate.CompletedAt);
        Assert.Equal(record.ReplicasReachedAt, certificate.AllAppliedAt);
    }

    [Fact]
    public async Task TheDigestIsTheHashOfTheJsonWithoutItAndIsTheSameOnEveryRead()
    {
        var (_, record) = await ErasedCaseAsync("CERT-2");

        var first = (await Certificates.DownloadAsync(_thornAdmin, record.Id)).Value!;
        var admin = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.AdminEmail);
        var second = (await Certificates.DownloadAsync(admin, record.Id)).Value!;

        Assert.Equal(first.Json, second.Json);
        Assert.Equal($"deletion-certificate-{record.Id}.json", first.FileName);
        using var json = JsonDocument.Parse(first.Json);
        var root = json.RootElement;
        Assert.Equal(["id", "organisation", "cause", "causeReference", "scope", "requestedAt", "requestedBy", "completedAt", "counts", "hashedIds",
            "replicas", "auditSequences", "digest"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(record.Id, root.GetProperty("id").GetGuid());
        Assert.Equal(2, root.GetProperty("counts").GetProperty("candidates").GetInt32());
        Assert.Equal(0, root.GetProperty("replicas").GetProperty("changePosition").GetInt64());
        var digest = root.GetProperty("digest").GetString()!;
        var text = Encoding.UTF8.GetString(first.Json);
        var body = text.Replace($",\"digest\":\"{digest}\"", "", StringComparison.Ordinal);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))), digest);
        Assert.Equal(digest, (await Certificates.ReadAsync(_thornAdmin, record.Id)).Value!.Certificate!.Digest);
    }

    [Fact]
    public async Task AnErasureNotYetCompleteHasNoCertificateAndItsDownloadIsRefusedAndAudited()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _thornAdmin, "CERT-3", candidates: 1, foundAt: _clock.GetUtcNow());
        var id = await StageAsync(_bed.Host, _thornAdmin.OrganisationId!.Value, ErasureScope.Case, seeded.CaseId, ErasureCause.Schedule);

        var state = (await Certificates.ReadAsync(_thornAdmin, id)).Value!;
        var download = await Certificates.DownloadAsync(_thornAdmin, id);

        Assert.Null(state.Certificate);
        Assert.StartsWith("Not complete yet", state.Pending);
        Assert.Equal(OutcomeKind.Conflict, download.Kind);
        Assert.Equal(1, await AuditedAsync(AuditActions.CertificateRefused, id));
        Assert.Equal(0, await AuditedAsync(AuditActions.CertificateDownloaded, id));
    }

    [Fact]
    public async Task AnotherOrganisationsAdminFindsNothingAndAMemberWhoIsNotAnAdminIsRefused()
    {
        var (caseId, record) = await ErasedCaseAsync("CERT-4");
        var icmecAdmin = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.IcmecStaff);
        var reviewer = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.ThornReviewer);

        Assert.Equal(OutcomeKind.NotFound, (await Certificates.ReadAsync(icmecAdmin, record.Id)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Certificates.DownloadAsync(icmecAdmin, record.Id)).Kind);
        Assert.DoesNotContain((await Certificates.ListAsync(icmecAdmin, null)).Value!.Rows, r => r.Id == record.Id);
        Assert.DoesNotContain((await Certificates.ListAsync(icmecAdmin, _thornAdmin.OrganisationId)).Value!.Rows, r => r.Id == record.Id);
        Assert.Empty(await Certificates.ForTargetAsync(icmecAdmin, ErasureScope.Case, caseId));
        Assert.Equal(OutcomeKind.Forbidden, (await Certificates.ReadAsync(reviewer, record.Id)).Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await Certificates.ListAsync(reviewer, null)).Kind);
        Assert.Empty(await Certificates.ForTargetAsync(reviewer, ErasureScope.Case, caseId));
        Assert.Equal(OutcomeKind.Forbidden, (await Certificates.DownloadAsync(reviewer, record.Id)).Kind);
        Assert.Equal(2, await AuditedAsync(AuditActions.CertificateRefused, record.Id));
        Assert.Equal(0, await AuditedAsync(AuditActions.CertificateDownloaded, record.Id));

        Assert.Contains((await Certificates.ListAsync(_thornAdmin, null)).Value!.Rows, r => r.Id == record.Id && r.CompletedAt == record.CompletedAt);
        Assert.Equal([record.Id], (await Certificates.ForTargetAsync(_thornAdmin, ErasureScope.Case, caseId)).Select(r => r.Id));
        Assert.True((await Certificates.DownloadAsync(_thornAdmin, record.Id)).Succeeded);
        Assert.Equal(1, await AuditedAsync(AuditActions.CertificateDownloaded, record.Id));
    }

    [Fact]
    public async Task TheListIsPagedNewestFirstAndEveryErasureIsOnExactlyOnePage()
    {
        var organisation = _thornAdmin.OrganisationId!.Value;
        var start = _clock.GetUtcNow();
        var stored = Enumerable.Range(0, DeletionCertificates.PageSize + 5).Select(i => new ErasureRecord
        {
            Cause = ErasureCause.Schedule, CauseReference = "GalleryPhotos", OrganisationId = organisation, Scope = ErasureScope.Photo,
            ScopeId = Guid.NewGuid(), RequestedAt = start.AddMinutes(i), RequestedBy = "system", CompletedAt = start.AddMinutes(i + 1),
        }).ToList();
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.ErasureRecords.AddRange(stored);
            await db.SaveChangesAsync();
        }

        var first = (await Certificates.ListAsync(_thornAdmin, null)).Value!;
        var second = (await Certificates.ListAsync(_thornAdmin, null, page: 1)).Value!;

        Assert.Equal((DeletionCertificates.PageSize, true), (first.Rows.Count, first.HasOlder));
        Assert.Equal((5, false), (second.Rows.Count, second.HasOlder));
        Assert.Equal(stored.OrderByDescending(r => r.RequestedAt).Select(r => r.Id), first.Rows.Concat(second.Rows).Select(r => r.Id));
    }

    /// <summary>A searched case (one probe, one probe face with its crop, <c>2</c> candidates) erased as the schedule erases it.</summary>
    private async Task<(Guid CaseId, ErasureRecord Record)> ErasedCaseAsync(string reference)
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _thornAdmin, reference, candidates: 2, foundAt: _clock.GetUtcNow());
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var record = _bed.Host.Get<BiometricEraser>().Stage(db, new ErasureRecord
            {
                Cause = ErasureCause.Schedule, CauseReference = "ProbePhotos", OrganisationId = _thornAdmin.OrganisationId!.Value, Scope = ErasureScope.Case,
                ScopeId = seeded.CaseId, RequestedAt = _clock.GetUtcNow(), RequestedBy = ErasureAudit.Actor,
            });
            await db.SaveChangesAsync();
            _clock.Advance(TimeSpan.FromMinutes(1));
            return (seeded.CaseId, await EraseAsync(_bed.Host, record.Id));
        }
    }

    private Task<int> AuditedAsync(string action, Guid recordId) =>
        ReadAsync(_bed.Host, db => db.AuditEntries.CountAsync(e => e.Action == action && e.Target == $"erasure:{recordId}"));

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
