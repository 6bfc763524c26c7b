using ActivityService.Core.Events;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>Wires the custom-handler adapters into the app in Functions mode.</summary>
public static class FunctionsHostSetup
{
    /// <summary>
    /// Call first, before any other middleware. Captures the rest of the pipeline (which then starts with
    /// routing) for <see cref="InvocationPipeline"/>, and maps <c>POST /{FunctionName}</c> for every
    /// payload-mode function of <see cref="FunctionCatalog"/>. Forwarded functions need nothing here: the host
    /// sends their original requests, which the app's routes answer.
    /// </summary>
    public static WebApplication UseFunctionsHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pipeline = new InvocationPipeline(app.Services.GetRequiredService<IServiceScopeFactory>());
        app.Use(next =>
        {
            pipeline.Attach(next);
            return next;
        });
        app.UseRouting();

        var invocations = new FunctionInvocations(
            pipeline,
            app.Services.GetRequiredService<EventProcessor>(),
            app.Services.GetRequiredService<ILogger<FunctionInvocations>>());
        foreach (var function in FunctionCatalog.All.Where(function => function.Mode == InvocationMode.Payload))
        {
            RequestDelegate handler = function.Kind switch
            {
                FunctionKind.HttpWithRealtime => context => invocations.HttpAsync(context, function),
                FunctionKind.Negotiate => context => invocations.NegotiateAsync(context, function),
                FunctionKind.ServiceBusQueue => context => invocations.ProcessEventAsync(context, function),
                FunctionKind.Timer => RetentionInvocation.RunAsync,
                _ => throw new InvalidOperationException($"No payload adapter for {function.Name}."),
            };
            app.MapPost(function.InvocationPath, handler)
                .AllowAnonymous()
                .ExcludeFromDescription()
                .WithMetadata(new FunctionInvocationMetadata(function.Name));
        }

        return app;
    }
}
