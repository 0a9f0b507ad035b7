namespace Portal.Infrastructure.Face;

/// <summary>The 512-number description of an aligned face, scaled to unit length so a dot product is the cosine.</summary>
internal sealed class FaceEmbedder(OnnxModel model)
{
    public const int Dimensions = 512;

    /// <summary>
    /// The unit-length embedding and the length it had before scaling. That length is a measure of how much
    /// the model sees a face: textures the detector mistook for faces come out short (measured).
    /// </summary>
    public (float[] Embedding, float Strength) Embed(AlignedFace face)
    {
        var embedding = new float[Dimensions];
        model.Run(face.Tensor, (_, values) => values[..Dimensions].CopyTo(embedding));
        var strength = Normalise(embedding);
        return (embedding, strength);
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
