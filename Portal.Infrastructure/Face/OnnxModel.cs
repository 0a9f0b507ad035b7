using Microsoft.ML.OnnxRuntime;

namespace Portal.Infrastructure.Face;

/// <summary>
/// One ONNX model with a fixed-shape float input. One session per model for the whole process: ONNX Runtime
/// sessions are safe to run from several threads at once.
/// </summary>
internal sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _inputShape;

    public OnnxModel(string path, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        // Spinning threads roughly double latency on a 2-core machine (measured).
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        _session = new InferenceSession(path, options);
        _inputNames = [.. _session.InputNames];
        _outputNames = [.. _session.OutputNames];
        _inputShape = _session.InputMetadata[_inputNames[0]].Dimensions.Select(d => (long)Math.Max(d, 1)).ToArray();
        InputLength = (int)_inputShape.Aggregate(1L, (a, b) => a * b);
    }

    public int InputLength { get; }

    // Default run options, shared: nothing per run is set on them.
    private readonly RunOptions _runOptions = new();

    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Runs on <paramref name="input"/> (exactly <see cref="InputLength"/> values) and hands each output to <paramref name="read"/>.</summary>
    public void Run(Memory<float> input, Action<string, ReadOnlySpan<float>> read)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input[..InputLength], _inputShape);
        using var outputs = _session.Run(_runOptions, _inputNames, [tensor], _outputNames);
        for (var i = 0; i < _outputNames.Length; i++)
            read(_outputNames[i], outputs[i].GetTensorDataAsSpan<float>());
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
