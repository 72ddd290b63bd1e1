namespace Berth.Diagnosis.Parsing;

/// <summary>When an exception happened: while the replica started (loading the script, <c>init()</c>) or in <c>run()</c>.</summary>
internal enum TracebackPhase
{
    Start,
    Run,
}
