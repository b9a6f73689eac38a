namespace Interop.Adapters.Labour;

/// <summary>The ministry's rows, one sequence per table. Sequences may be lazy and enumerated more than once.</summary>
public sealed record LabourData(
    IEnumerable<TravailleurEtranger> Travailleurs,
    IEnumerable<PermisTravail> Permis,
    IEnumerable<EtapePermis> Etapes);
