namespace Portal.Infrastructure.Imaging;

/// <summary>An image refused before or during decoding, with the sentence the uploader sees.</summary>
public sealed class ImageRejectedException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
