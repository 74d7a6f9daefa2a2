"""The pure core of access: the permission policy and the user model."""
