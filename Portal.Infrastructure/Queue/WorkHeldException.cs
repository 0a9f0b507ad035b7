namespace Portal.Infrastructure.Queue;

/// <summary>
/// Thrown by a handler, inside the transaction that would write its results, when the job's organisation was suspended
/// or blocked while the job ran: nothing is written and the worker holds the job instead of completing or failing it.
/// </summary>
public sealed class WorkHeldException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}
