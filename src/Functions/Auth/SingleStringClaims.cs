using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace ActivityService.Functions.Auth;

/// <summary>
/// Contract §2: each of <c>sub</c>, <c>company_id</c> and <c>role</c> must be a single JSON string. The token
/// handler turns an array into several claims, a number into a claim with its text, and keeps one of two
/// repeated members, so the rule is checked on the raw payload of the validated token, where every one of
/// those shapes is still visible.
/// </summary>
public static class SingleStringClaims
{
    private static readonly string[] Names = [CallerClaims.UserId, CallerClaims.CompanyId, CallerClaims.Role];

    /// <summary>Why the payload breaks the rule, or null when each claim occurs once as a string.</summary>
    public static string? Violation(string encodedPayload)
    {
        byte[] json;
        try
        {
            json = Base64UrlEncoder.DecodeBytes(encodedPayload);
        }
        catch (FormatException)
        {
            return "The token payload is not base64url.";
        }

        var seen = new int[Names.Length];
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "The token payload is not a JSON object.";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = Names.Length - 1;
                while (index >= 0 && !reader.ValueTextEquals(Names[index]))
                {
                    index--;
                }

                reader.Read();
                if (index >= 0)
                {
                    if (++seen[index] > 1)
                    {
                        return $"The token repeats the {Names[index]} claim.";
                    }

                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"The {Names[index]} claim must be a single string.";
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return "The token payload is not valid JSON.";
        }

        var missing = Array.FindIndex(seen, count => count == 0);
        return missing >= 0 ? $"The token lacks the {Names[missing]} claim." : null;
    }
}
