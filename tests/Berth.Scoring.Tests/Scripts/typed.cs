// Fixture: typed input read from JSON, string input, and a record output.
public record Point(double x, double y);

public record Result(double Sum, string Label);

public class Typed
{
    public Result Run(Point point) => new(point.x + point.y, "sum");
}
