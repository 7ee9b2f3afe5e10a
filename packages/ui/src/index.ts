export { cn } from "./cn";
export { Alert, AlertTitle } from "./components/alert";
export { Badge, badgeVariants } from "./components/badge";
export { Button, buttonVariants } from "./components/button";
export { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./components/card";
export { Skeleton } from "./components/skeleton";
