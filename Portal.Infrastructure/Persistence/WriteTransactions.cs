using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The one way this code base opens a write transaction. On SQLite it is BEGIN IMMEDIATE: the database's one write
/// lock, taken before the first read. On PostgreSQL (READ COMMITTED, many writers) the same guarantee comes from one
/// transaction-scoped advisory lock taken first: every write transaction runs alone, so each "read, check, write"
/// (the audit chain's head, review decisions, invitation use, gallery and case rules) holds as it does on SQLite.
/// Taking it first, before any row lock, means it cannot deadlock against rows locked earlier in the transaction.
/// Single-statement conditional updates (queue claims, heartbeats) do not use it, so workers never wait on it.
/// See docs/adr-0008-write-transactions.md.
/// </summary>
public static class WriteTransactions
{
    /// <summary>The portal's write key: any 64-bit number no other user of the database takes ("REUNITE1" in ASCII).</summary>
    public const long PortalWriteKey = 0x5245_554E_4954_4531;

    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DatabaseFacade database,
        CancellationToken cancellationToken = default)
    {
        var transaction = await database.BeginTransactionAsync(cancellationToken);
        if (!database.IsNpgsql())
            return transaction;
        try
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PortalWriteKey})", cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
