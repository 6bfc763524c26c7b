using System.Text.Json;
using ActivityService.Core.Json;
using Microsoft.Net.Http.Headers;

namespace ActivityService.Functions.Http;

/// <summary>
/// Reads a JSON request body within the limits of contract §5.7: JSON media type (415 otherwise), at most
/// 64 KiB (413, without reading further), well-formed, valid Unicode throughout and each member
/// name once per object (400 naming where). Nothing is stored before this succeeds.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 64 * 1024;
    public const string MergePatchMediaType = "application/merge-patch+json";

    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpRequest request, bool allowMergePatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsJson(request.ContentType, allowMergePatch))
        {
            return (default, Problems.UnsupportedMediaType(allowMergePatch
                ? $"Send the body as application/json or {MergePatchMediaType} (UTF-8)."
                : "Send the body as application/json (UTF-8)."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (default, Problems.PayloadTooLarge(MaxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (default, Problems.PayloadTooLarge(MaxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (default, Problems.BadRequest("The request body is empty; send a JSON object."));
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 16 });
            if (JsonTextCheck.FindFirst(document.RootElement) is { } finding)
            {
                return (default, finding.Problem switch
                {
                    JsonTextProblem.InvalidName => Problems.Validation(finding.Path + " (a member name)", "Contains invalid Unicode (invalid UTF-8 or a lone surrogate escape)."),
                    JsonTextProblem.DuplicateName => Problems.Validation(finding.Path, "Appears more than once; send each member once."),
                    _ => Problems.Validation(finding.Path, "Contains invalid Unicode (invalid UTF-8 or a lone surrogate escape)."),
                });
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, Problems.BadRequest("The request body is not well-formed JSON."));
        }
    }

    private static bool IsJson(string? contentType, bool allowMergePatch)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var charsetOk = !media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
        var typeOk = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (allowMergePatch && media.MediaType.Equals(MergePatchMediaType, StringComparison.OrdinalIgnoreCase));
        return typeOk && charsetOk;
    }
}
