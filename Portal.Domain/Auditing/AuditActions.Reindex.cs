namespace Portal.Domain.Auditing;

/// <summary>Re-embedding every stored photo for a new face pipeline (issue 18): targets are run ids, details ids and counts only.</summary>
public static partial class AuditActions
{
    public const string ReindexStarted = "reindex.started";
    public const string ReindexResumed = "reindex.resumed";
    public const string ReindexCompleted = "reindex.completed";
}
