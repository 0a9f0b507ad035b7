namespace Portal.Infrastructure.Messaging;

/// <summary>Reads back the messages in the pickup folder, newest first.</summary>
public interface IMailPickup
{
    string Folder { get; }

    IReadOnlyList<PickedUpMail> List(int max = 200);

    /// <summary>Deletes every message written before <paramref name="cutoff"/>; returns how many.</summary>
    int DeleteWrittenBefore(DateTimeOffset cutoff);
}

public sealed record PickedUpMail(string FileName, string To, string Subject, DateTimeOffset? Date, string Body);
