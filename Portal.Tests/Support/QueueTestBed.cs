using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Tests.Support;

/// <summary>A host (standing for one process) on a shared database, with its queue workers under the test's control.</summary>
public sealed class QueueTestBed : IAsyncDisposable
{
    public static readonly Dictionary<string, string?> FastQueue = new()
    {
        ["Portal:Queue:Workers"] = "2",
        ["Portal:Queue:Lease"] = "00:00:02",
        ["Portal:Queue:ReclaimInterval"] = "00:00:01",
        ["Portal:Queue:PollInterval"] = "00:00:00.100",
    };

    private QueueTestBed(InfrastructureHost host) => Host = host;

    public InfrastructureHost Host { get; }

    public QueueWorker Worker => Host.Get<QueueWorker>();

    /// <summary>Starts a host; <paramref name="lease"/> overrides the short lease the crash tests need, <paramref name="overrides"/> other settings.</summary>
    public static async Task<QueueTestBed> StartAsync(string dataDirectory, Action<IServiceCollection>? configure = null, TimeSpan? lease = null,
        IDictionary<string, string?>? overrides = null, TestDatabase? database = null)
    {
        var settings = new Dictionary<string, string?>(FastQueue);
        if (lease is { } value)
            settings["Portal:Queue:Lease"] = value.ToString();
        foreach (var (key, setting) in overrides ?? new Dictionary<string, string?>())
            settings[key] = setting;
        return new(await InfrastructureHost.StartAsync(dataDirectory, seedDemoData: true, configure, settings, database));
    }

    public async Task<Actor> ThornStaffAsync()
    {
        using var scope = Host.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.ThornStaff))!;
        return new Actor(user.Id, TestAccounts.ThornStaff, user.OrganisationId);
    }

    public async Task<Guid> GalleryAsync(Actor actor, string name = "Queue test gallery")
    {
        var existing = (await Host.Get<GalleryService>().ListAsync(actor)).FirstOrDefault(g => g.Name == name);
        return existing?.Id ?? (await Host.Get<GalleryService>().CreateAsync(actor, new NewGallery(name, "", "tests"))).Value;
    }

    /// <summary>Uploads photos (each a stored file, an image row and a queued job); returns the image ids.</summary>
    public async Task<List<Guid>> UploadAsync(Actor actor, Guid gallery, int count, Func<int, byte[]> photo)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var result = await Host.Get<GalleryService>().UploadAsync(actor, gallery, new MemoryStream(photo(i)), $"photo{i}.jpg");
            Assert.True(result.Accepted, result.Message);
            ids.Add(result.ImageId!.Value);
        }
        return ids;
    }

    /// <summary>Changes an organisation's standing as the platform admin does.</summary>
    public async Task ChangeStatusAsync(Guid organisationId, OrganisationStatus to)
    {
        var admin = await ReviewScenario.ActorAsync(Host.Services, TestAccounts.AdminEmail);
        var changed = await Host.Get<OrganisationAdministration>().ChangeStatusAsync(admin, organisationId, to, "queue test");
        Assert.True(changed.Succeeded, changed.Error);
    }

    public async Task<List<RecognitionJob>> JobsAsync()
    {
        await using var db = await Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Jobs.AsNoTracking().ToListAsync();
    }

    public async Task WaitUntilAsync(Func<List<RecognitionJob>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (condition(await JobsAsync()))
                return;
            await Task.Delay(100);
        }
        var states = string.Join(", ", (await JobsAsync()).GroupBy(j => j.State).Select(g => $"{g.Key}={g.Count()}"));
        Assert.Fail($"The queue did not reach the expected state in time: {states}");
    }

    /// <summary>Changes jobs directly, as a crashed or earlier process would have left them.</summary>
    public async Task SetJobAsync(Guid jobId, Action<RecognitionJob> change)
    {
        await using var db = await Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        change(await db.Jobs.SingleAsync(j => j.Id == jobId));
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
