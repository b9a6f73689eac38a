namespace Interop.Ports;

/// <summary>A record as an agency's system returned it, with when it last changed there.</summary>
public readonly record struct Sourced<T>(T Record, DateTimeOffset SourceUpdateTime)
    where T : class;
