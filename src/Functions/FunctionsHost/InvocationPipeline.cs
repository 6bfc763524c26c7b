using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>A response produced inside the app for a payload-mode invocation.</summary>
public sealed record CapturedResponse(int StatusCode, IHeaderDictionary Headers, byte[] Body);

/// <summary>
/// Runs a rebuilt HTTP request through the app's own middleware pipeline (routing, error handling, status
/// code pages, authentication, authorization, the endpoints), with a fresh service scope, and captures the
/// response instead of sending it. So a payload-mode function answers exactly what the forwarded route
/// would answer, from the same code.
/// </summary>
public sealed class InvocationPipeline(IServiceScopeFactory scopes)
{
    private RequestDelegate? _next;

    /// <summary>The rest of the app's pipeline, captured by the first middleware when the app starts.</summary>
    public void Attach(RequestDelegate next) => _next = next;

    public async Task<CapturedResponse> SendAsync(HttpTriggerRequest request, HttpContext outer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outer);
        var next = _next ?? throw new InvalidOperationException("The app pipeline has not been attached; call UseFunctionsHost before the other middleware.");
        var (context, response) = CreateContext(request, outer, cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await next(context).ConfigureAwait(false);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            await response.FireCompletedAsync().ConfigureAwait(false);
        }

        return new CapturedResponse(response.StatusCode, response.Headers, response.GetBody());
    }

    /// <summary>Runs one result (e.g. a problem response) against an empty request and captures what it writes.</summary>
    public async Task<CapturedResponse> RenderAsync(IResult result, HttpTriggerRequest request, HttpContext outer, Action<HttpResponse>? prepare = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (context, response) = CreateContext(request, outer, outer.RequestAborted);
        await using var scope = scopes.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        prepare?.Invoke(context.Response);
        await result.ExecuteAsync(context).ConfigureAwait(false);
        await response.CompleteAsync().ConfigureAwait(false);
        return new CapturedResponse(response.StatusCode, response.Headers, response.GetBody());
    }

    /// <summary>A context for the rebuilt request, for the app pipeline or for authentication alone.</summary>
    public static (DefaultHttpContext Context, CapturingResponse Response) CreateContext(HttpTriggerRequest request, HttpContext outer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outer);
        IHeaderDictionary headers = new HeaderDictionary();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = StringValues.Concat(headers[name], values);
        }

        // The body was re-encoded by the host and by us: its true length is ours, and it is not chunked.
        headers.Remove(HeaderNames.TransferEncoding);
        headers.ContentLength = request.Body.Length > 0 ? request.Body.Length : null;
        if (!headers.ContainsKey(HeaderNames.Host))
        {
            headers.Host = request.Url.Authority;
        }

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = "HTTP/1.1",
            Scheme = request.Url.Scheme,
            Method = request.Method,
            PathBase = "",
            Path = request.Path,
            QueryString = request.Query.Value ?? "",
            RawTarget = request.Path.ToUriComponent() + request.Query.ToUriComponent(),
            Headers = headers,
            Body = new MemoryStream(request.Body, writable: false),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(request.Body.Length > 0));
        var response = new CapturingResponse();
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellationToken });
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = outer.Connection.Id,
            RemoteIpAddress = outer.Connection.RemoteIpAddress ?? IPAddress.Loopback,
            LocalIpAddress = outer.Connection.LocalIpAddress ?? IPAddress.Loopback,
            RemotePort = outer.Connection.RemotePort,
            LocalPort = outer.Connection.LocalPort,
        });
        return (new DefaultHttpContext(features), response);
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }
}

/// <summary>
/// The response side of a rebuilt request: status, headers and a body buffered in memory. It starts (runs the
/// <c>OnStarting</c> callbacks, after which <see cref="HasStarted"/> is true) on the first body write or at
/// completion, as a server would.
/// </summary>
public sealed class CapturingResponse : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly MemoryStream _buffer = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();
    private readonly StartingStream _stream;
    private PipeWriter? _writer;

    public CapturingResponse() => _stream = new StartingStream(_buffer, StartAsync);

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    Stream IHttpResponseFeature.Body
    {
        get => _stream;
        set => throw new NotSupportedException("The captured response body cannot be replaced.");
    }

    public bool HasStarted { get; private set; }

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Push((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push((callback, state));

    public void DisableBuffering()
    {
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        while (_onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State).ConfigureAwait(false);
        }

        HasStarted = true;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync().ConfigureAwait(false);
        }

        await StartAsync().ConfigureAwait(false);
    }

    public async Task FireCompletedAsync()
    {
        while (_onCompleted.TryPop(out var entry))
        {
            await entry.Callback(entry.State).ConfigureAwait(false);
        }
    }

    public byte[] GetBody() => _buffer.ToArray();

    /// <summary>Writes go to the buffer; the first one starts the response.</summary>
    private sealed class StartingStream(MemoryStream inner, Func<CancellationToken, Task> start) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => start(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            start(CancellationToken.None).GetAwaiter().GetResult();
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await start(cancellationToken).ConfigureAwait(false);
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
