using ActivityService.Functions.Hosting;

ActivityServiceApp.Build(args).Run();

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
