// Fixture for the Open Inference Protocol over Run(): numbers -> row sums, a string -> a greeting, named inputs -> their names.
public class OipRun
{
    public object Run(JsonElement body)
    {
        if (!body.TryGetProperty("data", out var data))
        {
            return new { keys = body.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray() };
        }

        if (data[0].ValueKind == JsonValueKind.String)
        {
            if (data[0].GetString() == "fail") throw new InvalidOperationException("asked to fail");
            return "got " + data[0].GetString();
        }

        return data.EnumerateArray().Select(row => row.EnumerateArray().Sum(v => v.GetDouble())).ToArray();
    }
}
