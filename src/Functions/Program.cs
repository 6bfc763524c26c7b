using ActivityService.Functions.Hosting;
using ActivityService.Functions.Operations;

if (args is [FootprintCommand.Verb, ..])
{
    return await FootprintCommand.RunAsync(args, Console.Out, Console.Error);
}

await ActivityServiceApp.Build(args).RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
