namespace Portal.Domain.Auditing;

/// <summary>Person templates (issue 18, point 5): targets are template ids, details ids and counts only (ADR 0010).</summary>
public static partial class AuditActions
{
    public const string TemplateCreated = "template.created";
    public const string TemplateRefused = "template.refused";
    public const string TemplateDissolved = "template.dissolved";
}
