namespace Portal.Domain.Auditing;

/// <summary>
/// A person template whose photos did not look like one person and was not searched (issue 18, point 5): the target is
/// the template id, the details ids and scores only (ADR 0010), never the label or a photo's name.
/// </summary>
public static partial class AuditActions
{
    public const string TemplateDisagreed = "template.disagreed";
}
