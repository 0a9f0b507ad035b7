using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>
/// A database written before the audit key existed is sealed with the key at start, from a verified state only,
/// and the checkpoint file cannot silently disappear afterwards.
/// </summary>
public sealed class AuditRekeyTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task APlainChainFromBeforeTheKeyIsVerifiedResealedAndRecordedAtStart()
    {
        var (count, details) = await WriteLegacyChainAsync();

        await using var host = await InfrastructureHost.StartAsync(_data.Path);

        var entries = await EntriesAsync(host);
        var rekeyed = entries[^1];
        Assert.Equal(AuditActions.AuditRekeyed, rekeyed.Action);
        Assert.Equal(count + 1, rekeyed.Sequence);
        Assert.StartsWith($"{count} entries (sequences 1–{count}) verified under the plain SHA-256 rule and 0 keyed entries after them", rekeyed.Details);
        Assert.Equal(details, entries.Take((int)count).Select(e => e.Details));
        Assert.All(entries, e => Assert.Equal(AuditChain.ComputeHash(host.Get<AuditKey>().Bytes, e), e.Hash));
        var checkpoint = Assert.IsType<AuditCheckpoint>((await host.Get<AuditCheckpoints>().ReadAsync()).Single());
        Assert.Equal(rekeyed.Sequence, checkpoint.Sequence);
        Assert.Equal(rekeyed.Hash, checkpoint.HeadHash);
        Assert.True((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ABrokenPlainChainIsLeftAsItWasAndTheRefusalRecordedOnce()
    {
        var (count, _) = await WriteLegacyChainAsync(alterAt: 4);

        await using (var host = await InfrastructureHost.StartAsync(_data.Path))
        {
            var entries = await EntriesAsync(host);
            Assert.Equal(AuditChain.ComputeHash(null, entries[0]), entries[0].Hash);
            var refusal = Assert.Single(entries, e => e.Action == AuditActions.AuditRekeyRefused);
            Assert.Equal(count + 1, refusal.Sequence);
            Assert.Contains("does not verify at sequence 4: under the plain rule, its content does not match", refusal.Details);
            Assert.DoesNotContain(entries, e => e.Action == AuditActions.AuditRekeyed);
            Assert.False((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);
        }

        await using var restarted = await InfrastructureHost.StartAsync(_data.Path);
        Assert.Single(await EntriesAsync(restarted), e => e.Action == AuditActions.AuditRekeyRefused);
    }

    [Fact]
    public async Task OutsideDevelopmentAPlainChainIsSealedOnlyOnceAnOperatorNamesItsHeadHash()
    {
        var (count, _) = await WriteLegacyChainAsync();
        var keyFile = _data.Path + "-audit/audit.key";
        string plainHead;
        await using (var host = await StartInProductionAsync(keyFile, confirmedHead: null))
        {
            var entries = await EntriesAsync(host);
            plainHead = entries[(int)count - 1].Hash;
            var refusal = Assert.Single(entries, e => e.Action == AuditActions.AuditRekeyRefused);
            Assert.Contains($"with head hash {plainHead} at sequence {count}", refusal.Details);
            Assert.Contains("Portal:Audit:RekeyLegacyHead", refusal.Details);
            Assert.Equal(AuditChain.ComputeHash(null, entries[0]), entries[0].Hash);
        }
        await using (var wrong = await StartInProductionAsync(keyFile, confirmedHead: new string('a', 64)))
            Assert.DoesNotContain(await EntriesAsync(wrong), e => e.Action == AuditActions.AuditRekeyed);

        await using var confirmed = await StartInProductionAsync(keyFile, plainHead);

        var sealedEntries = await EntriesAsync(confirmed);
        var rekeyed = sealedEntries[^1];
        Assert.Equal(AuditActions.AuditRekeyed, rekeyed.Action);
        // The refusal was appended under the key while the chain waited; it is sealed with the rest.
        Assert.Contains($"{count} entries (sequences 1–{count}) verified under the plain SHA-256 rule and 1 keyed entries after them", rekeyed.Details);
        Assert.True((await confirmed.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task APlainChainBesideACheckpointFileIsARewriteAndIsNotResealed()
    {
        await using (var host = await InfrastructureHost.StartAsync(_data.Path))
        {
            Assert.True((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);
            await ResealAsync(host, key: null);
        }

        await using var restarted = await InfrastructureHost.StartAsync(_data.Path);

        var refusal = Assert.Single(await EntriesAsync(restarted), e => e.Action == AuditActions.AuditRekeyRefused);
        Assert.Contains("shows this chain was keyed before", refusal.Details);
        Assert.False((await restarted.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task DeletingTheCheckpointFileAfterAVerificationIsDetected()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var admin = new Actor("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
        Assert.True((await host.Get<AuditQueries>().VerifyAsync(admin)).Value!.IsIntact);
        var verified = (await EntriesAsync(host))[^1];

        File.Delete(host.Get<AuditCheckpoints>().FilePath);
        var result = await host.Get<IAuditLog>().VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(verified.Sequence, result.BrokenSequence);
        Assert.StartsWith($"checkpoints missing: entry {verified.Sequence} shows a checkpoint was written", result.Reason);
    }

    [Fact]
    public async Task EachCheckpointIsMailedToTheConfiguredAddress()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path,
            settings: new Dictionary<string, string?> { ["Portal:Audit:CheckpointMailTo"] = "auditor@regulator.example" });

        Assert.True((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);

        var checkpoint = Assert.IsType<AuditCheckpoint>((await host.Get<AuditCheckpoints>().ReadAsync())[^1]);
        var mail = Assert.Single(host.Get<IMailPickup>().List(), m => m.To == "auditor@regulator.example");
        Assert.Contains($"sequence {checkpoint.Sequence}", mail.Subject);
        Assert.Contains(checkpoint.ToLine(), mail.Body);
    }

    [Fact]
    public async Task TheScheduledCheckRecordsAndMailsABreakOnce()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path,
            settings: new Dictionary<string, string?> { ["Portal:Audit:CheckpointMailTo"] = "auditor@regulator.example" });
        for (var i = 0; i < 3; i++)
            await host.Get<IAuditLog>().RecordAsync("tester", "test.write", $"item:{i}", "x");
        Assert.True((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);
        var head = (await EntriesAsync(host))[^1].Sequence;
        await ExecuteAsync(host, $"UPDATE \"AuditEntries\" SET \"Details\" = 'rewritten' WHERE \"Sequence\" = {head - 1}");

        var service = host.Services.GetServices<IHostedService>().OfType<AuditCheckpointService>().Single();
        await service.StartAsync(CancellationToken.None);
        // The break is recorded first and mailed after; stopping the service between the two would cancel the mail.
        for (var i = 0; i < 100 && !host.Get<IMailPickup>().List().Any(m => m.Subject.Contains("BROKEN", StringComparison.Ordinal)); i++)
            await Task.Delay(100);
        await service.StopAsync(CancellationToken.None);

        var alarm = Assert.Single(await EntriesAsync(host), e => e.Details.StartsWith("scheduled check", StringComparison.Ordinal));
        Assert.Equal(AuditActions.AuditVerified, alarm.Action);
        Assert.Equal($"scheduled check: chain broken at sequence {head - 1}: its content does not match its keyed hash (altered, or rehashed without the key)", alarm.Details);
        var mail = Assert.Single(host.Get<IMailPickup>().List(), m => m.Subject.Contains("BROKEN", StringComparison.Ordinal));
        Assert.Contains($"sequence {head - 1}", mail.Body);
    }

    /// <summary>A host as production runs it: no generated keys, so the key file must be configured.</summary>
    private Task<InfrastructureHost> StartInProductionAsync(string keyFile, string? confirmedHead) =>
        InfrastructureHost.StartAsync(_data.Path,
            configure: services => ((IHostEnvironment)services.Single(d => d.ServiceType == typeof(IHostEnvironment)).ImplementationInstance!)
                .EnvironmentName = Environments.Production,
            settings: new Dictionary<string, string?> { ["Portal:Audit:KeyFile"] = keyFile, ["Portal:Audit:RekeyLegacyHead"] = confirmedHead });

    /// <summary>
    /// Builds the database a portal without audit keys left behind: entries under the plain SHA-256 rule and no checkpoint
    /// file. <paramref name="alterAt"/> changes one entry's text afterwards, without rehashing.
    /// </summary>
    private async Task<(long Count, List<string> Details)> WriteLegacyChainAsync(long? alterAt = null, bool personal = false)
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        for (var i = 0; i < 12; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", $"write number {i}");
        if (personal)
        {
            // What entries held before ADR 0010: the actor's e-mail, invitees' e-mails, client addresses, photo names.
            var (first, second) = (LegacyPersonalAt, LegacyPersonalAt + 1);
            await ExecuteAsync(host, $"UPDATE \"AuditEntries\" SET \"Actor\" = {TestAccounts.AdminEmail}, \"Details\" = {LegacyRevocation} WHERE \"Sequence\" = {first}");
            await ExecuteAsync(host, $"UPDATE \"AuditEntries\" SET \"Action\" = {AuditActions.ImageUploaded}, \"Details\" = {LegacyUpload} WHERE \"Sequence\" = {second}");
        }
        await ResealAsync(host, key: null);
        if (alterAt is { } sequence)
            await ExecuteAsync(host, $"UPDATE \"AuditEntries\" SET \"Details\" = 'altered' WHERE \"Sequence\" = {sequence}");
        File.Delete(host.Get<AuditCheckpoints>().FilePath);
        var entries = await EntriesAsync(host);
        return (entries.Count, entries.Select(e => e.Details).ToList());
    }

    private const long LegacyPersonalAt = 3;
    private const string LegacyRevocation = "invitation of invitee@legacy.example revoked; from 10.1.2.3";
    private const string LegacyUpload = "\"lisa-at-the-beach.jpg\" into gallery 42; sha256 00ff; 320x240";

    [Fact]
    public async Task SealingAPlainChainTakesItsEmailsAddressesAndPhotoNamesOutAndItStillVerifies()
    {
        await WriteLegacyChainAsync(personal: true);

        await using var host = await InfrastructureHost.StartAsync(_data.Path);

        var entries = await EntriesAsync(host);
        var pseudonyms = host.Get<AuditPseudonyms>();
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var (revocation, upload) = (entries[(int)LegacyPersonalAt - 1], entries[(int)LegacyPersonalAt]);
        Assert.Equal(await AuditActorKeys.OfAsync(db, TestAccounts.AdminEmail), revocation.Actor);
        Assert.Equal($"invitation of {pseudonyms.Email("invitee@legacy.example")} revoked; from {pseudonyms.Address("10.1.2.3")}", revocation.Details);
        Assert.Equal("\"(withheld)\" into gallery 42; sha256 00ff; 320x240", upload.Details);
        Assert.Contains("e-mails replaced by account ids", entries[^1].Details);
        Assert.True(await db.AuditActors.AnyAsync(a => a.Email == TestAccounts.AdminEmail));
        Assert.True((await host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ATamperedPlainChainKeepsItsEntriesUntouchedPersonalTextIncluded()
    {
        await WriteLegacyChainAsync(alterAt: 8, personal: true);

        await using var host = await InfrastructureHost.StartAsync(_data.Path);

        var entries = await EntriesAsync(host);
        Assert.Contains(entries, e => e.Action == AuditActions.AuditRekeyRefused);
        Assert.Equal((TestAccounts.AdminEmail, LegacyRevocation), (entries[(int)LegacyPersonalAt - 1].Actor, entries[(int)LegacyPersonalAt - 1].Details));
        Assert.Equal(LegacyUpload, entries[(int)LegacyPersonalAt].Details);
    }

    /// <summary>Recomputes every hash from the first entry on under <paramref name="key"/> (null: the plain rule).</summary>
    private static async Task ResealAsync(InfrastructureHost host, byte[]? key)
    {
        var previous = AuditChain.GenesisHash;
        foreach (var entry in await EntriesAsync(host))
        {
            var hash = AuditChain.ComputeHash(key, entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target,
                entry.Details, entry.OrganisationId, previous);
            await ExecuteAsync(host, $"UPDATE \"AuditEntries\" SET \"PreviousHash\" = {previous}, \"Hash\" = {hash} WHERE \"Sequence\" = {entry.Sequence}");
            previous = hash;
        }
    }

    private static async Task<List<AuditEntry>> EntriesAsync(InfrastructureHost host)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    private static async Task ExecuteAsync(InfrastructureHost host, FormattableString sql)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlInterpolatedAsync(sql);
    }

    public void Dispose() => _data.Dispose();
}
