namespace Portal.Domain.Auditing;

/// <summary>Append-only, hash-chained record of who did what.</summary>
public interface IAuditLog
{
    Task RecordAsync(string actor, string action, string target, string details,
        Guid? organisationId = null, CancellationToken cancellationToken = default);

    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of verifying the chain: OK, or the first row that breaks it.</summary>
public sealed record AuditVerification(bool IsIntact, long RowsChecked, long? BrokenSequence, string? Reason)
{
    public static AuditVerification Intact(long rows) => new(true, rows, null, null);
    public static AuditVerification Broken(long rows, long sequence, string reason) => new(false, rows, sequence, reason);
}
