using ActivityService.Functions.Hosting;
using ActivityService.Functions.Operations;

if (args is [FootprintCommand.Verb, ..])
{
    return await FootprintCommand.RunAsync(args, Console.Out, Console.Error);
}

WebApplication app;
try
{
    app = ActivityServiceApp.Build(args);
}
catch (HostingModeMissingException missing)
{
    // Fail closed: standalone mode serves anonymous dev endpoints, so it is never the fallback.
    await Console.Error.WriteLineAsync(missing.Message).ConfigureAwait(false);
    return 2;
}

await app.RunAsync().ConfigureAwait(false);
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
