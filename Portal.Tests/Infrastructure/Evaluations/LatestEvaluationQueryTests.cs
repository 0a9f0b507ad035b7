using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>The public pages' latest evaluation: found by id and instant, then only its own report read (every report can be large).</summary>
public sealed class LatestEvaluationQueryTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly ReportReads _reads = new();
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: services =>
            services.ConfigureDbContext<PortalDbContext>((_, options) => options.AddInterceptors(_reads)));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task ReadsOneStoredReportNotEveryOne()
    {
        var at = new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
        await SeededEvaluations.AddCompletedAsync(_host.Services, "Oldest", SeededEvaluations.Report(5, 2), at);
        await SeededEvaluations.AddCompletedAsync(_host.Services, "Latest", SeededEvaluations.Report(7, 3), at.AddDays(2));
        await SeededEvaluations.AddCompletedAsync(_host.Services, "Middle", SeededEvaluations.Report(6, 2), at.AddDays(1));
        _reads.Commands.Clear();

        var latest = await _host.Get<EvaluationQueries>().LatestEvaluationAsync();

        Assert.Equal((at.AddDays(2), 21), (latest!.CompletedAt, latest.Report.Photos));
        // One query returned report texts, and it was limited to one row.
        Assert.Contains("LIMIT", Assert.Single(_reads.Commands), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Records every query whose result carries the stored report's column.</summary>
    private sealed class ReportReads : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (Enumerable.Range(0, result.FieldCount).Any(i => result.GetName(i) == nameof(Portal.Domain.Evaluations.EvaluationRun.ReportJson)))
                lock (Commands)
                    Commands.Add(command.CommandText);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }
    }
}
