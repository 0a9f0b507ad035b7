using Portal.Domain.Common;

namespace Portal.Web.Hosting;

/// <summary>
/// The one mapping from a refused <see cref="Outcome"/> to an HTTP answer, so no endpoint recognises a refusal by
/// its wording. A blocked organisation gets 403 with the sentence that says why, like a forbidden one: 423 (Locked) is
/// WebDAV's word for a locked resource, and here the resource is fine — it is the organisation that may not act now.
/// Not found says nothing more, so an id from another organisation cannot be told from one that does not exist.
/// </summary>
internal static class OutcomeResults
{
    public static IResult ToResult(this Outcome refused) => refused.Kind switch
    {
        OutcomeKind.NotFound => Results.NotFound(),
        OutcomeKind.Forbidden or OutcomeKind.Blocked => Message(refused, StatusCodes.Status403Forbidden),
        OutcomeKind.Invalid => Message(refused, StatusCodes.Status400BadRequest),
        OutcomeKind.Conflict => Message(refused, StatusCodes.Status409Conflict),
        _ => throw new InvalidOperationException("A done outcome has its own answer: the value it carries."),
    };

    public static IResult ToResult<T>(this Outcome<T> refused) => refused.WithoutValue().ToResult();

    private static IResult Message(Outcome refused, int status) => Results.Text(refused.Error, "text/plain", statusCode: status);
}
