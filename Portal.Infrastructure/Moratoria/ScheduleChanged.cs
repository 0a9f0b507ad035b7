namespace Portal.Infrastructure.Moratoria;

/// <summary>Published when the moratorium schedule changes.</summary>
public sealed record ScheduleChanged(Guid MoratoriumId);
