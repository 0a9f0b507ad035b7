namespace Portal.Domain.Auditing;

/// <summary>Evaluation sets (independent testing by group, issue 17): their targets are run ids, never file names.</summary>
public static partial class AuditActions
{
    public const string EvaluationUploaded = "evaluation.uploaded";
    public const string EvaluationRefused = "evaluation.refused";
    public const string EvaluationStarted = "evaluation.started";
    public const string EvaluationCompleted = "evaluation.completed";
    public const string EvaluationFailed = "evaluation.failed";
    public const string EvaluationPhotosDeleted = "evaluation.photos-deleted";
    public const string EvaluationDownloaded = "evaluation.downloaded";
}
