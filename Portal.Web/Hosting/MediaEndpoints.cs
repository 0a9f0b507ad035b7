using System.Security.Claims;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Web.Authorization;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// Face crops for result and review pages. Served only to the organisation they belong to, never cached,
/// never sniffed; another organisation's id is "not found", and a blocked organisation is refused.
/// <c>?zoom=true</c> gives a larger crop of the same region, for the review screen's zoom. Crops are stored files;
/// one that must still be cut from its photo waits briefly for a decode slot, or is answered 503 with Retry-After.
/// </summary>
internal static class MediaEndpoints
{
    public static void MapPortalMedia(this WebApplication app)
    {
        var media = app.MapGroup("/media").RequireAuthorization(Policies.PartnerMember);
        media.MapGet("/probe-faces/{id:guid}", (Guid id, bool? zoom, ClaimsPrincipal user, FaceCrops crops, HttpContext context) =>
            ServeAsync(crops.ProbeFaceAsync(user.ToActor(), id, zoom == true, context.RequestAborted), context));
        media.MapGet("/faces/{id:guid}", (Guid id, bool? zoom, ClaimsPrincipal user, FaceCrops crops, HttpContext context) =>
            ServeAsync(crops.GalleryFaceAsync(user.ToActor(), id, zoom == true, context.RequestAborted), context));

        // Platform admins settling a dispute see both faces of that candidate, and only while it is disputed.
        var disputes = app.MapGroup("/admin/media/disputes").RequireAuthorization(Policies.PlatformAdmin);
        disputes.MapGet("/{id:guid}/probe", (Guid id, bool? zoom, ClaimsPrincipal user, FaceCrops crops, HttpContext context) =>
            ServeAsync(crops.DisputedFaceAsync(user.ToActor(), id, probeSide: true, zoom == true, context.RequestAborted), context));
        disputes.MapGet("/{id:guid}/candidate", (Guid id, bool? zoom, ClaimsPrincipal user, FaceCrops crops, HttpContext context) =>
            ServeAsync(crops.DisputedFaceAsync(user.ToActor(), id, probeSide: false, zoom == true, context.RequestAborted), context));

        // An admin confirming a subject's deletion request sees its matches' faces, and only those (a platform admin included).
        app.MapGet("/deletion-requests/{id:guid}/faces/{faceId:guid}", (Guid id, Guid faceId, ClaimsPrincipal user, SubjectMatchCrops crops, HttpContext context) =>
            ServeAsync(crops.MatchFaceAsync(user.ToActor(), id, faceId, context.RequestAborted), context)).RequireAuthorization(Policies.DeletionRequests);
    }

    private static async Task<IResult> ServeAsync(Task<Outcome<ServedCrop>> crop, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var outcome = await crop;
        if (!outcome.Succeeded)
            return outcome.ToResult();
        return outcome.Value!.Jpeg is { } jpeg ? Results.File(jpeg, "image/jpeg") : Busy(context);
    }

    private static IResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "2";
        return Results.Text("The face crop is being prepared; try again in a moment.", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
