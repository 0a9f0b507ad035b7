using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Lifecycle.Holds;

namespace Portal.Web.Components.Lifecycle;

/// <summary>What the place-a-hold dialog holds while the admin fills it in; the review date in the admin's time zone.</summary>
public sealed class PlaceHoldForm
{
    public HoldScope Scope { get; set; } = HoldScope.Case;
    public HoldTarget? Target { get; set; }
    public string Reason { get; set; } = "";
    public string Reference { get; set; } = "";
    public DateTime? ReviewLocal { get; set; }
}
