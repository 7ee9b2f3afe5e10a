import { Badge, Button, Card, CardContent, CardDescription, CardHeader, CardTitle, Skeleton, useToast } from "@kit/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { actionErrorMessage, QueryError } from "../../errors/query-error";
import { useT } from "../../i18n/use-t";
import { useMe } from "../../shell/use-me";
import { useTRPC } from "../../trpc";

const accessButtonId = (userId: string) => `member-access-${userId}`;

/**
 * Portal only, for a partner's admins: the people of the partner and their portal access, which an admin removes or
 * gives back (removing it ends their portal sessions at once). Inside Peek Pro, Peek decides who opens the app. A change
 * says what it did, and the focus comes back to the person's button (now offering the opposite) once it is usable again.
 */
export function Members() {
  const t = useT();
  const trpc = useTRPC();
  const toast = useToast();
  const me = useMe();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.partners.members.queryOptions());
  const heading = useRef<HTMLHeadingElement>(null);
  /** Whose button gets the focus back once the change is done (it is disabled meanwhile, which drops the focus). */
  const [refocus, setRefocus] = useState<string | null>(null);
  const change = useMutation(
    trpc.partners.setPortalAccess.mutationOptions({
      onSuccess: async (_, { userId, access }) => {
        const member = members.data?.find((m) => m.userId === userId);
        const name = member ? (member.name ?? member.email) : userId;
        toast(t(access ? "members.restored" : "members.revoked", { name }));
        setRefocus(userId);
        await queryClient.invalidateQueries({ queryKey: trpc.partners.members.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.partners.auditLog.queryKey() });
      },
      onError: (error) => toast(actionErrorMessage(error, t), "error"),
    }),
  );
  useEffect(() => {
    if (refocus === null || change.isPending) return;
    (document.getElementById(accessButtonId(refocus)) ?? heading.current)?.focus();
    setRefocus(null);
  }, [refocus, change.isPending]);
  return (
    <Card>
      <CardHeader>
        <CardTitle ref={heading} tabIndex={-1} className="outline-none">
          {t("members.title")}
        </CardTitle>
        <CardDescription>{t("members.description")}</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">
        {members.isPending && (
          <div role="status" aria-busy="true" aria-label={t("members.loading")} className="space-y-2">
            <Skeleton className="h-4 w-full" />
          </div>
        )}
        {members.isError && <QueryError error={members.error} retry={() => void members.refetch()} what={t("members.what")} />}
        {members.data && (
          <ul className="divide-y divide-border">
            {members.data.map((member) => (
              <li key={member.userId} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {member.name ?? member.email}
                  {member.isAdmin && (
                    <Badge variant="outline" className="ml-2">
                      {t("members.admin")}
                    </Badge>
                  )}
                  <span className="block text-muted-foreground">{member.portalAccess ? member.email : t("members.noAccess")}</span>
                </span>
                {member.userId !== me.data?.user?.id && (
                  <Button
                    id={accessButtonId(member.userId)}
                    size="sm"
                    variant={member.portalAccess ? "destructive" : "outline"}
                    disabled={change.isPending}
                    onClick={() => change.mutate({ userId: member.userId, access: !member.portalAccess })}
                  >
                    {member.portalAccess ? t("members.revoke") : t("members.restore")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
