using Berth.Scoring.Inference;

namespace Berth.Scoring.Onnx;

/// <summary>
/// The pure half of dynamic batching: which requests may share a Run (the same inputs, datatypes and every dimension
/// but the first), stacking their inputs along dim 0, and splitting the outputs back by each request's rows.
/// </summary>
internal static class BatchStacking
{
    /// <summary>
    /// The key requests must share to be stacked, or null when this one cannot be (an input of rank 0, or inputs
    /// whose first dimensions differ).
    /// </summary>
    public static string? Key(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count == 0 || inputs.Any(t => t.Shape.Length == 0) || inputs.Select(t => t.Shape[0]).Distinct().Count() != 1) return null;
        return string.Join(";", inputs.OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => $"{t.Name}|{t.Datatype.Name()}|{string.Join(",", t.Shape.Skip(1))}"));
    }

    /// <summary>The rows (dim 0) of a stackable request.</summary>
    public static long Rows(IReadOnlyList<Tensor> inputs) => inputs[0].Shape[0];

    /// <summary>
    /// Groups queued requests (their keys and rows, in arrival order) into runs: requests of one key together, in
    /// order, while their rows fit <paramref name="maxRows"/>; a request with no key, or more rows than that, runs alone.
    /// </summary>
    public static List<List<int>> Partition(IReadOnlyList<(string? Key, long Rows)> requests, long maxRows)
    {
        var runs = new List<List<int>>();
        var open = new Dictionary<string, (List<int> Run, long Rows)>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            var (key, rows) = requests[i];
            if (key is null || rows >= maxRows)
            {
                runs.Add([i]);
                continue;
            }

            if (open.TryGetValue(key, out var current) && current.Rows + rows <= maxRows)
            {
                current.Run.Add(i);
                open[key] = (current.Run, current.Rows + rows);
                continue;
            }

            var run = new List<int> { i };
            runs.Add(run);
            open[key] = (run, rows);
        }

        return runs;
    }

    /// <summary>The requests' inputs stacked along dim 0 (all requests have the same <see cref="Key"/>), in the first request's input order.</summary>
    public static List<Tensor> Stack(IReadOnlyList<IReadOnlyList<Tensor>> requests)
    {
        var first = requests[0];
        var stacked = new List<Tensor>(first.Count);
        foreach (var input in first)
        {
            var parts = requests.Select(r => r.First(t => t.Name == input.Name)).ToList();
            var data = input.Datatype.NewArray(parts.Sum(p => p.Count));
            var at = 0;
            foreach (var part in parts)
            {
                Array.Copy(part.Data, 0, data, at, part.Count);
                at += part.Count;
            }

            long[] shape = [parts.Sum(p => p.Shape[0]), .. input.Shape.Skip(1)];
            stacked.Add(input with { Shape = shape, Data = data });
        }

        return stacked;
    }

    /// <summary>Each output cut back into one piece per request, by the requests' rows; throws when an output's dim 0 is not their sum.</summary>
    public static List<List<Tensor>> Split(IReadOnlyList<Tensor> outputs, IReadOnlyList<long> rows)
    {
        var total = rows.Sum();
        var result = rows.Select(_ => new List<Tensor>(outputs.Count)).ToList();
        foreach (var output in outputs)
        {
            if (output.Shape.Length == 0 || output.Shape[0] != total)
            {
                throw new InvalidOperationException(
                    $"output '{output.Name}' has shape {Tensor.Describe(output.Shape)} for a batch of {total} rows; its first dimension must be the batch axis");
            }

            var perRow = total == 0 ? 0 : output.Count / (int)total;
            var at = 0;
            for (var r = 0; r < rows.Count; r++)
            {
                var count = (int)rows[r] * perRow;
                var data = output.Datatype.NewArray(count);
                Array.Copy(output.Data, at, data, 0, count);
                at += count;
                long[] shape = [rows[r], .. output.Shape.Skip(1)];
                result[r].Add(output with { Shape = shape, Data = data });
            }
        }

        return result;
    }
}
