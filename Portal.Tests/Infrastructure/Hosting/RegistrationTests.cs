using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Portal.Infrastructure;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Hosting;

/// <summary>
/// Registration by feature: each folder's <c>AddX</c> registers only its own folder's types, and
/// <see cref="DependencyInjection.AddInfrastructure"/> calls every one of them exactly once.
/// </summary>
public sealed class RegistrationTests : IDisposable
{
    private static readonly Assembly Infrastructure = typeof(DependencyInjection).Assembly;
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    public static TheoryData<string> RegistrationMethods()
    {
        var data = new TheoryData<string>();
        foreach (var method in FeatureRegistrations())
            data.Add($"{method.DeclaringType!.Name}.{method.Name}");
        return data;
    }

    [Fact]
    public void EveryFeatureFolderWithServicesHasItsOwnRegistration()
    {
        var folders = FeatureRegistrations().Select(m => m.DeclaringType!.Namespace).ToList();
        Assert.Equal(folders.Distinct().Count(), folders.Count);
        Assert.True(folders.Count >= 19, $"only {folders.Count} feature registrations found");
    }

    [Theory]
    [MemberData(nameof(RegistrationMethods))]
    public void AFeatureRegistrationRegistersOnlyTypesOfItsOwnFolder(string name)
    {
        var method = FeatureRegistrations().Single(m => $"{m.DeclaringType!.Name}.{m.Name}" == name);
        var services = Invoke(method);

        Assert.NotEmpty(services);
        Assert.All(OwnTypes(services), type => Assert.Equal(method.DeclaringType!.Namespace, type.Namespace));
    }

    [Fact]
    public void AddInfrastructureCallsEveryFeatureRegistrationOnce()
    {
        var all = NewServices();
        all.AddInfrastructure(Configuration());
        var registered = all.Skip(1).Select(Key).ToList();

        foreach (var method in FeatureRegistrations())
            Assert.All(Invoke(method).Select(Key), key => Assert.Contains(key, registered));
        var ownKeys = registered.Where(key => key.Implementation?.Assembly == Infrastructure).ToList();
        Assert.Equal(ownKeys.Distinct().Count(), ownKeys.Count);
    }

    private static IEnumerable<MethodInfo> FeatureRegistrations() =>
        Infrastructure.GetTypes()
            .Where(t => t is { IsAbstract: true, IsSealed: true } && t != typeof(DependencyInjection))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.StartsWith("Add", StringComparison.Ordinal) && m.ReturnType == typeof(IServiceCollection)
                && m.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(IServiceCollection))
            .OrderBy(m => m.DeclaringType!.Namespace, StringComparer.Ordinal);

    /// <summary>What the method registers, beyond the host environment the key ring needs to find its folder.</summary>
    private List<ServiceDescriptor> Invoke(MethodInfo method)
    {
        var services = NewServices();
        var arguments = method.GetParameters()
            .Select(p => p.ParameterType == typeof(IServiceCollection) ? services : (object)Configuration())
            .ToArray();
        method.Invoke(null, arguments);
        return services.Skip(1).ToList();
    }

    private ServiceCollection NewServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Standalone", ContentRootPath = _data.Path });
        return services;
    }

    private IConfiguration Configuration() =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:DataDirectory"] = _data.Path }).Build();

    /// <summary>The portal's own types a collection names: implementations, and services registered by factory.</summary>
    private static IEnumerable<Type> OwnTypes(IEnumerable<ServiceDescriptor> services) =>
        services.SelectMany(d => new[] { d.ServiceType, d.ImplementationType, d.ImplementationInstance?.GetType() })
            .OfType<Type>()
            .Where(type => type.Assembly == Infrastructure)
            .Distinct();

    private static (Type Service, Type? Implementation) Key(ServiceDescriptor d) =>
        (d.ServiceType, d.ImplementationType ?? d.ImplementationInstance?.GetType());
}
