using System.Buffers;

namespace Portal.Infrastructure.Face;

/// <summary>The 512-number description of an aligned face, scaled to unit length so a dot product is the cosine.</summary>
internal sealed class FaceEmbedder(OnnxModel model, bool mirrorAugmentation = false)
{
    public const int Dimensions = 512;

    /// <summary>
    /// The unit-length embedding and the length it had before scaling. That length is a measure of how much
    /// the model sees a face: textures the detector mistook for faces come out short (measured). With mirror
    /// augmentation the embedding is the renormalised mean of the face's and its mirror image's unit embeddings;
    /// the length stays the unmirrored face's, so the "not a face" gate means the same either way.
    /// </summary>
    public (float[] Embedding, float Strength) Embed(AlignedFace face)
    {
        var embedding = Run(face.Tensor);
        var strength = Normalise(embedding);
        if (!mirrorAugmentation)
            return (embedding, strength);
        var mirrored = ArrayPool<float>.Shared.Rent(face.Tensor.Length);
        try
        {
            Mirror(face.Tensor, mirrored);
            var other = Run(mirrored);
            Normalise(other);
            for (var i = 0; i < Dimensions; i++)
                embedding[i] += other[i];
            Normalise(embedding);
            return (embedding, strength);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mirrored);
        }
    }

    private float[] Run(float[] tensor)
    {
        var embedding = new float[Dimensions];
        model.Run(tensor, (_, values) => values[..Dimensions].CopyTo(embedding));
        return embedding;
    }

    /// <summary>Each row of each colour plane of the 112×112 NCHW tensor reversed: the face seen in a mirror.</summary>
    public static void Mirror(float[] tensor, float[] mirrored)
    {
        const int size = AlignedFace.Size;
        for (var row = 0; row < 3 * size; row++)
        {
            var at = row * size;
            for (var x = 0; x < size; x++)
                mirrored[at + x] = tensor[at + size - 1 - x];
        }
    }

    /// <summary>Scales to unit length; returns the length before.</summary>
    public static float Normalise(Span<float> vector)
    {
        double sum = 0;
        foreach (var v in vector)
            sum += v * v;
        var norm = (float)Math.Sqrt(sum);
        if (norm < 1e-12f)
            return 0;
        for (var i = 0; i < vector.Length; i++)
            vector[i] /= norm;
        return norm;
    }
}
