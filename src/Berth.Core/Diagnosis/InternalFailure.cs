namespace Berth.Diagnosis;

/// <summary>Berth itself failed while running an operation of the service (an exception the control plane did not expect).</summary>
/// <param name="Operation">What Berth was doing: <c>deploy</c>, <c>update</c>, <c>reload</c>.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="LogExcerpt">What the server logged about it: the exception's type, message and innermost frames.</param>
/// <param name="At">When it happened (the server log's timestamp to look for).</param>
public sealed record InternalFailure(string Operation, string Message, IReadOnlyList<string> LogExcerpt, DateTimeOffset At);
