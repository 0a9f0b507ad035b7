using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Seeding;

/// <summary>The demo schedule, modelled on the June 2020 moratorium on police use of face search.</summary>
internal static class DemoMoratorium
{
    public const string Title = "Law-enforcement moratorium";
    private const string Actor = "platform policy team";

    public static Moratorium Create()
    {
        var start = new DateTimeOffset(2020, 6, 10, 0, 0, 0, TimeSpan.Zero);
        var draft = new MoratoriumDraft(Title, [Sector.LawEnforcement], [], start, start.AddYears(1),
            "We are implementing a one-year moratorium on police use of face search on this platform. We will continue to " +
            "allow organisations that find missing and exploited children and help trafficking victims to use it. We hope " +
            "this gives legislators enough time to put in place appropriate rules for its ethical use.");
        var moratorium = MoratoriumChanges.Create(draft, Actor, "Announced publicly on 10 June 2020.", start).Value!;
        var extended = MoratoriumChanges.Extend(moratorium, null, Actor,
            "Extended until further notice: the rules this moratorium waited for are not yet in place.",
            new DateTimeOffset(2021, 5, 18, 0, 0, 0, TimeSpan.Zero));
        if (!extended.Succeeded)
            throw new InvalidOperationException(extended.Error);
        return moratorium;
    }
}
