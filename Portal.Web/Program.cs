using Portal.Infrastructure;
using Portal.Web.Hosting;

// The workers-only role (--workers-only): background services on the generic host, no web endpoints.
if (await WorkerHost.RunIfRequestedAsync(args))
    return;
// backup <root> / restore <folder> (docs/backup.md) and admin grant <e-mail> (docs/deployment.md): one command, then exit.
if (await BackupCommand.RunIfRequestedAsync(args) || await AdminCommand.RunIfRequestedAsync(args))
    return;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddPortalWeb();
builder.UseRequestBodyLimit();

var app = builder.Build();
// Fails fast: bad options throw here (ValidateOnStart), before any request is served.
var seedReport = await app.InitialisePortalAsync();
app.UsePortalPipeline();
app.PrintStartupReportWhenListening(seedReport);
await app.RunAsync();

/// <summary>Entry point; public so integration tests can host the portal.</summary>
public partial class Program;
