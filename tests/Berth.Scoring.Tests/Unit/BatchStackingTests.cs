using Berth.Scoring.Inference;
using Berth.Scoring.Onnx;

namespace Berth.Scoring.Tests.Unit;

/// <summary>Dynamic batching's pure half: which requests share a run, stacking along dim 0, splitting back.</summary>
public sealed class BatchStackingTests
{
    private static Tensor Rows(string name, params float[][] rows) =>
        new(name, TensorDatatype.Fp32, [rows.Length, rows[0].Length], rows.SelectMany(r => r).ToArray());

    [Fact]
    public void Key_IsTheSameForRequestsThatDifferOnlyInRows_AndDiffersOtherwise()
    {
        var one = BatchStacking.Key([Rows("x", [1, 2])]);
        var three = BatchStacking.Key([Rows("x", [1, 2], [3, 4], [5, 6])]);

        Assert.NotNull(one);
        Assert.Equal(one, three);
        Assert.NotEqual(one, BatchStacking.Key([Rows("x", [1, 2, 3])]));
        Assert.NotEqual(one, BatchStacking.Key([Rows("y", [1, 2])]));
        Assert.NotEqual(one, BatchStacking.Key([new Tensor("x", TensorDatatype.Fp64, [1, 2], new double[2])]));
        Assert.Null(BatchStacking.Key([new Tensor("x", TensorDatatype.Fp32, [], new float[1])]));
        Assert.Null(BatchStacking.Key([Rows("a", [1]), Rows("b", [1], [2])]));
    }

    [Fact]
    public void Partition_GroupsByKeyInOrder_WithinMaxRows_AndLeavesOddOnesAlone()
    {
        (string?, long)[] queued = [("a", 1), ("b", 1), ("a", 2), (null, 1), ("a", 2), ("a", 8), ("b", 1)];

        var runs = BatchStacking.Partition(queued, maxRows: 4);

        Assert.Equal([[0, 2], [1, 6], [3], [4], [5]], runs);
    }

    [Fact]
    public void StackThenSplit_GivesEachRequestItsOwnRows()
    {
        List<IReadOnlyList<Tensor>> requests =
        [
            [Rows("x", [1, 2]), new Tensor("s", TensorDatatype.Bytes, [1], new[] { "one" })],
            [Rows("x", [3, 4], [5, 6]), new Tensor("s", TensorDatatype.Bytes, [2], new[] { "two", "three" })],
        ];

        var stacked = BatchStacking.Stack(requests);

        Assert.Equal([3L, 2L], stacked[0].Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, (float[])stacked[0].Data);
        Assert.Equal(new[] { "one", "two", "three" }, (string[])stacked[1].Data);

        var outputs = new List<Tensor> { stacked[0] with { Name = "y" }, new("n", TensorDatatype.Int64, [3], new long[] { 10, 20, 30 }) };
        var split = BatchStacking.Split(outputs, [1, 2]);

        Assert.Equal(new float[] { 1, 2 }, (float[])split[0][0].Data);
        Assert.Equal([1L, 2L], split[0][0].Shape);
        Assert.Equal(new float[] { 3, 4, 5, 6 }, (float[])split[1][0].Data);
        Assert.Equal([2L, 2L], split[1][0].Shape);
        Assert.Equal(new long[] { 10 }, (long[])split[0][1].Data);
        Assert.Equal(new long[] { 20, 30 }, (long[])split[1][1].Data);
    }

    [Fact]
    public void Split_AnOutputWithoutTheBatchAxis_Throws()
    {
        var outputs = new List<Tensor> { new("total", TensorDatatype.Fp32, [1], new float[1]) };

        var e = Assert.Throws<InvalidOperationException>(() => BatchStacking.Split(outputs, [1, 2]));

        Assert.Equal("output 'total' has shape [1] for a batch of 3 rows; its first dimension must be the batch axis", e.Message);
    }
}
