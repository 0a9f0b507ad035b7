namespace Portal.Domain.Moratoria;

/// <summary>A moratorium's phase in the words of the public statement, so the admin's card and the public page agree.</summary>
public static class MoratoriumPhaseLabels
{
    public static string Label(this MoratoriumPhase phase) => phase switch
    {
        MoratoriumPhase.Upcoming => "Announced",
        MoratoriumPhase.Active => "In force",
        MoratoriumPhase.Past => "Ended",
        _ => phase.ToString(),
    };
}
