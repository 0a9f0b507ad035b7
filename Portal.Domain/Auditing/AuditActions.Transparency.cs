namespace Portal.Domain.Auditing;

/// <summary>The public transparency report: a completed quarter's figures stored for good, once.</summary>
public static partial class AuditActions
{
    public const string TransparencyQuarterPublished = "transparency.quarter-published";
}
