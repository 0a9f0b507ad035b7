using System.Globalization;

namespace Portal.Domain.Queue;

/// <summary>
/// The words a failed job is recorded with. The submitter sees a plain reason (never an exception's text, which
/// can name server paths); platform admins see the detail on the queue page.
/// </summary>
public static class JobFailures
{
    /// <summary>What the submitter sees when a job failed every attempt for a reason that is not theirs.</summary>
    public static readonly string GaveUp =
        $"The photo could not be processed after {RecognitionJob.MaxAttempts} attempts; the platform team has been told.";

    /// <summary>The detail of a job whose last attempt ended with its worker gone (crashed, killed, out of memory).</summary>
    public static readonly string WorkerStopped =
        $"the worker stopped without finishing, attempt {RecognitionJob.MaxAttempts} of {RecognitionJob.MaxAttempts}";

    /// <summary>
    /// The detail of a search attempt whose process's face index had not applied every change committed before the
    /// search was submitted within the bound: searching it would miss faces (or find deleted ones), so it is retried.
    /// </summary>
    public static string IndexBehind(long applied, long needed, TimeSpan bound) =>
        $"this process's face index had applied change {applied} of {needed} after waiting {Words(bound)}; retried rather than searching a stale index";

    /// <summary>
    /// The detail of a search attempt whose process's face index still held an older pipeline version after the bound,
    /// while the portal had switched: its answer would compare embeddings of different versions, so it is retried.
    /// </summary>
    public static string IndexOnOldVersion(int held, int active, TimeSpan bound) =>
        $"this process's face index still held pipeline version {held} of {active} after waiting {Words(bound)}; retried rather than searching a replaced version";

    /// <summary>The detail of an attempt stopped by the per-job time limit.</summary>
    public static string TookTooLong(TimeSpan limit) => $"took longer than {Words(limit)}";

    /// <summary>"2 minutes", "90 seconds", "1 hour": a limit as a person would say it.</summary>
    public static string Words(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => Plural(span.TotalHours, "hour"),
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => Plural(span.TotalMinutes, "minute"),
        _ => Plural(Math.Round(span.TotalSeconds, 1), "second"),
    };

    private static string Plural(double value, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {unit}{(value == 1 ? "" : "s")}");
}
