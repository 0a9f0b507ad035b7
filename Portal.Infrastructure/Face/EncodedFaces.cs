using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Portal.Infrastructure.Face;

/// <summary>
/// What the index's rows hold for a batch of faces, computed away from the index so that it needs no lock: from the
/// embeddings (<see cref="Encode"/>) or from the stored codes (<see cref="TryRead"/>, <see cref="FaceCodes"/>).
/// </summary>
internal sealed class EncodedFaces(int count)
{
    public int Capacity => count;

    private readonly sbyte[] _codes = new sbyte[count * InMemoryFaceIndex.Dimensions];
    private readonly ulong[] _bits = new ulong[count * SignCodes.Words];

    public float[] Scales { get; } = new float[count];
    public float[] Factors { get; } = new float[count];
    public float[] Spreads { get; } = new float[count];
    public ushort[] Ones { get; } = new ushort[count];

    public Span<sbyte> CodesOf(int index) => _codes.AsSpan(index * InMemoryFaceIndex.Dimensions, InMemoryFaceIndex.Dimensions);
    public Span<ulong> BitsOf(int index) => _bits.AsSpan(index * SignCodes.Words, SignCodes.Words);

    /// <summary>The staged codes and signs are copies of biometric data: cleared once placed, like a removed face's row.</summary>
    public void Wipe()
    {
        Array.Clear(_codes);
        Array.Clear(_bits);
        Array.Clear(Scales);
        Array.Clear(Factors);
        Array.Clear(Spreads);
    }

    public void Encode(int index, ReadOnlySpan<float> embedding, Span<float> rotated)
    {
        Scales[index] = QuantizedVectors.Quantize(embedding, CodesOf(index));
        (Factors[index], Spreads[index]) = SignCodes.Encode(CodesOf(index), Scales[index], BitsOf(index), rotated);
        Ones[index] = SignCodes.Ones(BitsOf(index));
    }

    /// <summary>Writes face <paramref name="index"/> in the stored layout of <see cref="FaceCodes"/>.</summary>
    public void Write(int index, Span<byte> stored)
    {
        if (stored.Length != FaceCodes.Bytes)
            throw new ArgumentException($"A stored code has {FaceCodes.Bytes} bytes.", nameof(stored));
        MemoryMarshal.AsBytes(CodesOf(index)).CopyTo(stored);
        var rest = stored[InMemoryFaceIndex.Dimensions..];
        for (var word = 0; word < SignCodes.Words; word++)
            BinaryPrimitives.WriteUInt64LittleEndian(rest[(word * sizeof(ulong))..], BitsOf(index)[word]);
        rest = rest[(SignCodes.Words * sizeof(ulong))..];
        BinaryPrimitives.WriteSingleLittleEndian(rest, Scales[index]);
        BinaryPrimitives.WriteSingleLittleEndian(rest[sizeof(float)..], Factors[index]);
        BinaryPrimitives.WriteSingleLittleEndian(rest[(2 * sizeof(float))..], Spreads[index]);
    }

    /// <summary>
    /// Reads a stored code into face <paramref name="index"/>: false (and nothing kept) when it is the wrong size or
    /// holds a number that is not finite, so the caller encodes that face from its embedding instead.
    /// </summary>
    public bool TryRead(int index, ReadOnlySpan<byte> stored)
    {
        if (stored.Length != FaceCodes.Bytes)
            return false;
        var numbers = stored[(InMemoryFaceIndex.Dimensions + SignCodes.Words * sizeof(ulong))..];
        var (scale, factor, spread) = (BinaryPrimitives.ReadSingleLittleEndian(numbers), BinaryPrimitives.ReadSingleLittleEndian(numbers[sizeof(float)..]),
            BinaryPrimitives.ReadSingleLittleEndian(numbers[(2 * sizeof(float))..]));
        if (!float.IsFinite(scale) || !float.IsFinite(factor) || !float.IsFinite(spread))
            return false;
        stored[..InMemoryFaceIndex.Dimensions].CopyTo(MemoryMarshal.AsBytes(CodesOf(index)));
        var bits = BitsOf(index);
        for (var word = 0; word < SignCodes.Words; word++)
            bits[word] = BinaryPrimitives.ReadUInt64LittleEndian(stored[(InMemoryFaceIndex.Dimensions + word * sizeof(ulong))..]);
        (Scales[index], Factors[index], Spreads[index]) = (scale, factor, spread);
        Ones[index] = SignCodes.Ones(bits);
        return true;
    }
}
