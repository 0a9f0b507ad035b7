namespace Portal.Infrastructure.Face;

/// <summary>
/// The stored form of a face's index row (<see cref="Portal.Domain.Faces.StoredFaceCode"/>): 512 signed bytes of
/// quantised vector, the 64-byte sign code (eight little-endian words), then scale, factor and spread as little-endian
/// float32: 588 bytes against the embedding's 2,048. The ones count is recomputed from the signs on reading.
/// </summary>
internal static class FaceCodes
{
    /// <summary>
    /// Bump whenever the quantisation, the rotation (its seed or arithmetic), the sign code or this layout changes:
    /// rows of another format are then ignored by loads and written again. <c>FaceCodeFormatTests</c> pins the bytes
    /// one fixed embedding gives, so a change that forgets the bump fails there.
    /// </summary>
    public const int Format = 1;

    public const int Bytes = InMemoryFaceIndex.Dimensions + SignCodes.Words * sizeof(ulong) + 3 * sizeof(float);

    /// <summary>
    /// The code kept for a face whose embedding the index refuses: empty. It records that the face has no code to have,
    /// so that one such face does not make every start look for faces without codes, nor wake the backfill for nothing.
    /// </summary>
    public static bool IsRefusal(int storedLength) => storedLength == 0;

    /// <summary>A face's stored code, or null for an embedding the index refuses (wrong size, a NaN or infinity).</summary>
    public static byte[]? Encode(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != InMemoryFaceIndex.Dimensions || !InMemoryFaceIndex.IsFinite(embedding))
            return null;
        var encoded = new EncodedFaces(1);
        var rotated = new float[InMemoryFaceIndex.Dimensions];
        encoded.Encode(0, embedding, rotated);
        var stored = new byte[Bytes];
        encoded.Write(0, stored);
        encoded.Wipe();
        Array.Clear(rotated); // a rotated face is still biometric data
        return stored;
    }
}
