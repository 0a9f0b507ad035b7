using Portal.Benchmarks.Commands;
using Portal.Benchmarks.Support;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Portal.Benchmarks -- <pairs|evaluate|identify|inspect|latency|search|queue|audit|hostile|crops|plain-compare|template-compare|replica-lag|notify|face-load|queue-worker> [--option value …]");
    return 2;
}

try
{
    var arguments = new Arguments(args.Skip(1));
    Engine.PipelineVersion = arguments.Int("pipeline-version", Engine.PipelineVersion);
    return await RunAsync(args[0], arguments);
}
catch (ArgumentException problem)
{
    // A missing or malformed option is the caller's mistake: say which, without a stack trace.
    Console.Error.WriteLine($"{args[0]}: {problem.Message}");
    return 2;
}

static async Task<int> RunAsync(string command, Arguments arguments) => command switch
{
    "pairs" => PairsCommand.Run(arguments),
    "evaluate" => await EvaluateCommand.RunAsync(arguments),
    "identify" => await IdentifyCommand.RunAsync(arguments),
    "inspect" => await InspectCommand.RunAsync(arguments),
    "latency" => await LatencyCommand.RunAsync(arguments),
    "search" => SearchCommand.Run(arguments),
    "queue" => await QueueCommand.RunAsync(arguments),
    "audit" => await AuditCommand.RunAsync(arguments),
    "hostile" => await HostileCommand.RunAsync(arguments),
    "crops" => await CropsCommand.RunAsync(arguments),
    "plain-compare" => await PlainCompareCommand.RunAsync(arguments),
    "template-compare" => await TemplateCompareCommand.RunAsync(arguments),
    "replica-lag" => await ReplicaLagCommand.RunAsync(arguments),
    "notify" => await NotifyCommand.RunAsync(arguments),
    "face-load" => await FaceLoadCommand.RunAsync(arguments),
    "queue-worker" => await QueueWorkerCommand.RunAsync(arguments),
    _ => Unknown(command),
};

static int Unknown(string command)
{
    Console.Error.WriteLine($"unknown command '{command}'");
    return 2;
}
