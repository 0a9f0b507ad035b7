using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Seeding;
using Portal.Fixtures;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// audit [--entries 10000] [--repeats 30] [--page-size 50]: the audit viewer's queries on a real SQLite file holding the
/// given number of chained entries. Each case (first page, a deep page, each filter, all filters together) is what
/// the page asks for one table render: the count and one page of rows. Reports median and p95, then the time to
/// export everything as CSV and to verify the whole chain.
/// </summary>
internal static class AuditCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var entries = arguments.Int("entries", 10_000);
        var repeats = arguments.Int("repeats", 30);
        var pageSize = arguments.Int("page-size", 50);
        var data = Directory.CreateTempSubdirectory("reunite-audit-bench").FullName;
        try
        {
            await using var services = StandaloneServices.Build(new Dictionary<string, string?>
            {
                ["Portal:DataDirectory"] = data, ["Portal:SeedDemoData"] = "true", ["Portal:DemoPassword"] = "benchmark-password-1",
                ["Portal:Admin:Password"] = "benchmark-password-1", ["Portal:Queue:Workers"] = "0",
            }, data);
            await services.InitialisePortalAsync();
            var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var end = DateTimeOffset.UtcNow;
            await AuditFiller.AppendAsync(factory, services.GetRequiredService<AuditKey>().Bytes, entries, end);
            await using (var db = await factory.CreateDbContextAsync())
                Console.WriteLine(Invariant($"audit log: {await db.AuditEntries.CountAsync():N0} entries ({entries:N0} filler, the rest from seeding)"));

            var organisation = await FirstOrganisationAsync(factory);
            var audit = services.GetRequiredService<AuditQueries>();
            var admin = new Actor("benchmark", "benchmark", null, IsPlatformAdmin: true);
            var cases = new (string Name, AuditFilter Filter, int Skip)[]
            {
                ("page 1, no filter", new AuditFilter(), 0),
                ("deep page (last), no filter", new AuditFilter(), entries - pageSize),
                ("actor contains", new AuditFilter(Actor: "actor07"), 0),
                ("organisation", new AuditFilter(OrganisationId: organisation), 0),
                ("action", new AuditFilter(Action: AuditActions.ReviewDecided), 0),
                ("date range (30 days)", new AuditFilter(From: end.AddDays(-60), To: end.AddDays(-30)), 0),
                ("all filters together", new AuditFilter("actor0", organisation, AuditActions.SignIn, end.AddDays(-60), end.AddDays(-30)), 0),
                ("actor contains, deep page", new AuditFilter(Actor: "actor07"), 450),
            };
            foreach (var (name, filter, skip) in cases)
            {
                await audit.PageAsync(admin, filter, skip, pageSize); // warm-up: JIT and query compilation are not the viewer's answer time
                var times = new List<double>();
                var total = 0;
                for (var i = 0; i < repeats; i++)
                {
                    var watch = Stopwatch.StartNew();
                    total = (await audit.PageAsync(admin, filter, skip, pageSize)).Value!.Total;
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                Console.WriteLine(Invariant($"{name,-30} {total,6:N0} matching  median {Stats.Median(times),6:0.0} ms  p95 {Stats.Percentile(times, 0.95),6:0.0} ms"));
            }

                        var exportWatch = Stopwatch.StartNew();
            var exported = (await audit.ExportCsvAsync(admin, new AuditFilter(), TextWriter.Null)).Value;
            var exportMs = exportWatch.Elapsed.TotalMilliseconds;
            var verifyWatch = Stopwatch.StartNew();
            var verification = (await audit.VerifyAsync(admin)).Value!;
            var verifyMs = verifyWatch.Elapsed.TotalMilliseconds;
            Console.WriteLine(Invariant($"CSV export of all {exported:N0} entries: {exportMs:0} ms"));
            Console.WriteLine(Invariant($"verify chain ({verification.RowsChecked:N0} entries, {(verification.IsIntact ? "intact" : "BROKEN")}): {verifyMs:0} ms"));
            return verification.IsIntact ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<Guid?> FirstOrganisationAsync(IDbContextFactory<PortalDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.Details == "filler entry 0").Select(e => e.OrganisationId).FirstAsync();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
